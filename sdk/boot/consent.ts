/**
 * Consent state machine. Everything that records or sends is gated on `granted`: while `deferred` or
 * `denied` the SDK loads no recorder, keeps no events and makes no request (SPEC §2). Pure; the handle
 * in `replay.ts` reacts to transitions.
 *
 *   deferred ──optIn/setConsent(true)──▶ granted ──optOut/setConsent(false)──▶ denied
 *       └──────────optOut/setConsent(false)──────────▶ denied ──optIn──▶ granted
 */
import type { ConsentRecord } from "../../shared/batch.ts";

/** The three consent values of the `consent` option and of `RecordingStatus.consent`. */
export type ConsentValue = "deferred" | "granted" | "denied";

/** Current consent; `granted` carries the record that travels in batch meta. */
export type ConsentState =
  | { status: "deferred" }
  | { status: "granted"; record: ConsentRecord }
  | { status: "denied" };

/** What the host page can do to consent. */
export type ConsentAction =
  | { type: "grant"; at: number; source?: string | undefined; version?: string | undefined }
  | { type: "deny" };

/** Metadata the host passes to `optIn`: where consent came from and which notice version was shown. */
export type ConsentMeta = { source?: string; version?: string };

/** Longest `source`/`version` kept, matching the wire schema so a batch is never refused for it. */
const MAX_CONSENT_FIELD = 200;

/** The consent state an `init` option starts in. */
export function initialConsent(value: ConsentValue, now: number): ConsentState {
  switch (value) {
    case "deferred":
      return { status: "deferred" };
    case "denied":
      return { status: "denied" };
    case "granted":
      return { status: "granted", record: { source: "init", at: now } };
    default: {
      const never: never = value;
      throw new Error(`unknown consent value ${String(never)}`);
    }
  }
}

/** Applies one action; granting again refreshes the record, denying twice changes nothing. */
export function reduceConsent(state: ConsentState, action: ConsentAction): ConsentState {
  switch (action.type) {
    case "grant": {
      const record: ConsentRecord = { at: action.at };
      if (typeof action.source === "string") record.source = action.source.slice(0, MAX_CONSENT_FIELD);
      if (typeof action.version === "string") record.version = action.version.slice(0, MAX_CONSENT_FIELD);
      return { status: "granted", record };
    }
    case "deny":
      return state.status === "denied" ? state : { status: "denied" };
    default: {
      const never: never = action;
      throw new Error(`unknown consent action ${JSON.stringify(never)}`);
    }
  }
}
