/**
 * Console calls as `rerun.console` events (option `console`). Arguments are turned into bounded text and
 * redacted, since logs often print user data. The original method always runs, first.
 */
import { SDK_EVENT_TAG } from "../../../shared/events.ts";
import { type RedactionRule, redactString } from "../../../shared/redact.ts";
import { currentStrippedUrl, stripUrlsInText } from "../../privacy/url.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import type { EmitSdkEvent } from "./navigation.ts";

/** Longest console line kept. */
const MAX_CONSOLE_CHARS = 2_000;

/** Payload of `rerun.console`. */
export type ConsolePayload = { level: string; message: string; url: string };

type Level = "log" | "info" | "warn" | "error" | "debug";

/** Joins console arguments into one redacted, bounded line. */
export function formatConsoleArgs(args: readonly unknown[], rules: readonly RedactionRule[]): string {
  const parts = args.map((arg) => {
    if (typeof arg === "string") return arg;
    if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
    try {
      return JSON.stringify(arg) ?? String(arg);
    } catch {
      return Object.prototype.toString.call(arg);
    }
  });
  return redactString(stripUrlsInText(parts.join(" ").slice(0, MAX_CONSOLE_CHARS * 2)), rules).slice(
    0,
    MAX_CONSOLE_CHARS,
  );
}

/** Wraps the chosen console methods; returns the function that restores them. */
export function startConsoleRecording(opts: {
  emit: EmitSdkEvent;
  safe: SafeCallback;
  levels: readonly Level[];
  rules: readonly RedactionRule[];
}): () => void {
  const restores: Array<() => void> = [];
  let inside = false;
  for (const level of opts.levels) {
    const original = console[level];
    if (typeof original !== "function") continue;
    const patched = function (this: Console, ...args: unknown[]): void {
      original.apply(this, args);
      // An SDK debug line must not record itself in a loop.
      if (inside) return;
      inside = true;
      opts.safe.run("console.record", () => {
        const payload: ConsolePayload = {
          level,
          message: formatConsoleArgs(args, opts.rules),
          url: currentStrippedUrl(),
        };
        opts.emit(SDK_EVENT_TAG.console, payload, false);
      });
      inside = false;
    };
    console[level] = patched;
    restores.push(() => {
      if (console[level] === patched) console[level] = original;
    });
  }
  return () => {
    for (const restore of restores) restore();
  };
}
