/**
 * Window errors and unhandled rejections as `rerun.error` events (option `errors: true`). Messages and
 * stacks are redacted with the shared PII patterns and every URL in them is stripped, because error text
 * often quotes user input, tokens and full URLs.
 */
import { type ErrorPayload, SDK_EVENT_TAG } from "../../../shared/events.ts";
import { type RedactionRule, redactString } from "../../../shared/redact.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import { currentStrippedUrl, stripResolvedUrl, stripUrlsInText } from "../../privacy/url.ts";
import type { EmitSdkEvent } from "./navigation.ts";
import { selectorFor } from "./selector.ts";

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
  const message = reason instanceof Error
    ? `${reason.name}: ${reason.message}`
    : typeof reason === "string"
    ? reason
    : safeString(reason);
  const payload: ErrorPayload = {
    kind: opts.kind,
    message: cleanErrorText(message, opts.rules, MAX_MESSAGE_CHARS),
    url: opts.url,
  };
  if (reason instanceof Error && typeof reason.stack === "string") {
    payload.stack = cleanErrorText(reason.stack, opts.rules, MAX_STACK_CHARS);
  }
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

/** Whether an error was thrown from the SDK's own files (`rerun.*.js`, the ESM chunks), by its stack or source. */
export function isSdkError(payload: Pick<ErrorPayload, "stack" | "source">): boolean {
  const where = `${payload.source ?? ""}\n${payload.stack ?? ""}`;
  return /\/rerun\.(recorder\.)?global\.js\b|\/@mimeticinc\/rerun\//.test(where);
}

/** A running error recorder: `stop` removes its listeners, `recordSdkError` records an error the SDK caught. */
export type ErrorRecorder = { stop(): void; recordSdkError(error: unknown): void };

/** Starts recording errors, each with the selector of the element clicked last. */
export function startErrorRecording(
  opts: { emit: EmitSdkEvent; safe: SafeCallback; rules: readonly RedactionRule[] },
): ErrorRecorder {
  let lastClick: string | undefined;
  const emitError = (reason: unknown, kind: ErrorPayload["kind"], source?: string, sdk?: boolean): void => {
    const payload = describeError(reason, {
      kind,
      ...(source ? { source } : {}),
      rules: opts.rules,
      url: currentStrippedUrl(),
    });
    if (lastClick) payload.lastClick = lastClick;
    if (sdk || isSdkError(payload)) payload.sdk = true;
    opts.emit(SDK_EVENT_TAG.error, payload, false);
  };
  const onClick = opts.safe.wrap("errors.click", (event: Event) => {
    if (event.target instanceof Element) lastClick = selectorFor(event.target);
  });
  const onError = opts.safe.wrap("errors.error", (event: Event) => {
    // Resource load failures arrive here too (capture phase), as plain Events; they are not JS errors.
    if (!(event instanceof ErrorEvent)) return;
    emitError(event.error ?? event.message, "error", event.filename);
  });
  const onRejection = opts.safe.wrap("errors.unhandledrejection", (event: PromiseRejectionEvent) => {
    emitError(event.reason, "unhandledrejection");
  });
  addEventListener("click", onClick, true);
  addEventListener("error", onError);
  addEventListener("unhandledrejection", onRejection);
  return {
    stop() {
      removeEventListener("click", onClick, true);
      removeEventListener("error", onError);
      removeEventListener("unhandledrejection", onRejection);
    },
    recordSdkError: (error) => emitError(error, "error", undefined, true),
  };
}
