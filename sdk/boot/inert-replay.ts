/**
 * The handle `init` returns when it cannot record at all (invalid options, no DOM): every method does
 * nothing, and the status says why.
 */
import type { SdkError } from "../errors.ts";
import { INITIAL_STATUS, type RecordingStatus, toLastError } from "../status.ts";
import type { ReplayHandle } from "./replay-handle.ts";

/** Returns a handle that never records, with `failed` and the error's code as its status. */
export function createInertReplay(error: SdkError): ReplayHandle {
  const status: RecordingStatus = {
    ...INITIAL_STATUS,
    state: "failed",
    reason: error.code,
    lastError: toLastError(error),
  };
  const nothing = (): void => undefined;
  return {
    optIn: nothing,
    setConsent: nothing,
    optOut: nothing,
    addCustomEvent: nothing,
    identify: nothing,
    tag: nothing,
    trigger: nothing,
    flush: () => Promise.resolve(),
    stop: nothing,
    getStatus: () => status,
    onStatusChange: () => nothing,
  };
}
