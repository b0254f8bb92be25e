/**
 * One line of fix for each reason the collector refuses an ingest request (SPEC §3 `admin.refusals`), in
 * the words of the person who set up the SDK. docs/TROUBLESHOOTING.md lists the same reasons.
 */

/** Reason codes of `admin.refusals`, as the collector reports them. */
export type RefusalReasonCode =
  | "cors_origin"
  | "no_key"
  | "unknown_key"
  | "wrong_key_kind"
  | "key_in_query"
  | "body_too_large"
  | "too_many_events"
  | "sequence_over_limit"
  | "bad_batch"
  | "rate_limited"
  | "storage_unavailable"
  | "timestamp_out_of_range"
  | "session_app_mismatch"
  | "session_too_large";

export type RefusalLike = { reason: string; origin: string | null; appId: string | null; count: number };

export function fixForRefusal(refusal: RefusalLike): string {
  const origin = refusal.origin ?? "the page's origin";
  switch (refusal.reason as RefusalReasonCode) {
    case "cors_origin":
      return `add ${origin} to CORS_ORIGINS (quickstart: --cors-origin ${origin})`;
    case "no_key":
      return "pass publicKey to init(); the SDK sends it in x-rerun-key";
    case "unknown_key":
      return `the SDK${
        refusal.appId ? ` of app ${refusal.appId}` : ""
      } uses a key the collector does not know: copy a key from PUBLIC_INGEST_KEYS (or quickstart's publicKey)`;
    case "wrong_key_kind":
      return "the SDK was given a read or admin key: give it a public key (PUBLIC_INGEST_KEYS), never a read/admin key";
    case "key_in_query":
      return "remove the key from the URL; send it in the x-rerun-key header (the SDK does)";
    case "body_too_large":
      return "batches exceed MAX_BODY_BYTES: lower the SDK's flush size, or raise MAX_BODY_BYTES";
    case "too_many_events":
      return "batches exceed MAX_EVENTS_PER_BATCH: flush more often, or raise MAX_EVENTS_PER_BATCH";
    case "sequence_over_limit":
      return "a page sent more batches than MAX_REPLAY_SEQUENCE allows: raise it (0 disables the limit)";
    case "bad_batch":
      return "the collector rejected malformed batches: update the SDK to the collector's version";
    case "rate_limited":
      return "too many requests per client and key: raise INGEST_RATE_LIMIT";
    case "storage_unavailable":
      return "the database or blob store failed or did not answer in time: check DATABASE_URL / BLOB_STORE settings and the collector log";
    case "timestamp_out_of_range":
      return "batches carried events dated more than a day ahead of the collector's clock: check the device's and the collector's clocks";
    case "session_app_mismatch":
      return `batches${
        refusal.appId ? ` of app ${refusal.appId}` : ""
      } named a session another app started: give every app its own appId and let the SDK make session ids`;
    case "session_too_large":
      return "sessions reached MAX_SESSION_BYTES, so later batches were not stored: raise MAX_SESSION_BYTES, or record less (sampling, blockSelector)";
    default:
      return "see docs/TROUBLESHOOTING.md";
  }
}
