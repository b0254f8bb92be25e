/**
 * Window errors and unhandled rejections as `rerun.error` events (option `errors: true`). Messages and
 * stacks are redacted with the shared PII patterns and every URL in them is stripped, because error text
 * often quotes user input, tokens and full URLs.
 */
import { type ErrorPayload, SDK_EVENT_TAG } from "../../shared/events.ts";
import { type RedactionRule, redactString } from "../../shared/redact.ts";
import type { SafeCallback } from "../safe-callback.ts";
import { currentStrippedUrl, stripResolvedUrl, stripUrlsInText } from "../privacy/url.ts";
import type { EmitSdkEvent } from "./navigation.ts";

/** Longest message kept; error messages past this are rarely more useful, and bodies must stay small. */
const MAX_MESSAGE_CHARS = 1_000;
/** Longest stack kept. */
const MAX_STACK_CHARS = 4_000;

/** Returns a redacted, URL-stripped, bounded copy of `text`. */
export function cleanErrorText(text: string, rules: readonly RedactionRule[], max: number): string {
  return redactString(stripUrlsInText(text.slice(0, max * 2)), rules).slice(0, max);
}

/** Builds the payload for a thrown value (an Error, a string, anything). */
export function describeError(
  reason: unknown,
  opts: { kind: ErrorPayload["kind"]; source?: string; rules: readonly RedactionRule[]; url: string },
): ErrorPayload {
  const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : typeof reason === "string" ? reason : safeString(reason);
  const payload: ErrorPayload = { kind: opts.kind, message: cleanErrorText(message, opts.rules, MAX_MESSAGE_CHARS), url: opts.url };
  if (reason instanceof Error && typeof reason.stack === "string") payload.stack = cleanErrorText(reason.stack, opts.rules, MAX_STACK_CHARS);
  if (opts.source) payload.source = stripResolvedUrl(opts.source);
  return payload;
}

function safeString(value: unknown): string {
  try {
    return typeof value === "object" ? JSON.stringify(value) ?? String(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Starts recording errors; returns the function that removes the listeners. */
export function startErrorRecording(opts: { emit: EmitSdkEvent; safe: SafeCallback; rules: readonly RedactionRule[] }): () => void {
  const onError = opts.safe.wrap("errors.error", (event: Event) => {
    // Resource load failures arrive here too (capture phase), as plain Events; they are not JS errors.
    if (!(event instanceof ErrorEvent)) return;
    const reason: unknown = event.error ?? event.message;
    const payload = describeError(reason, { kind: "error", source: event.filename, rules: opts.rules, url: currentStrippedUrl() });
    opts.emit(SDK_EVENT_TAG.error, payload, false);
  });
  const onRejection = opts.safe.wrap("errors.unhandledrejection", (event: PromiseRejectionEvent) => {
    const payload = describeError(event.reason, { kind: "unhandledrejection", rules: opts.rules, url: currentStrippedUrl() });
    opts.emit(SDK_EVENT_TAG.error, payload, false);
  });
  addEventListener("error", onError);
  addEventListener("unhandledrejection", onRejection);
  return () => {
    removeEventListener("error", onError);
    removeEventListener("unhandledrejection", onRejection);
  };
}
