/**
 * The collector's one domain error. Code anywhere in the collector refuses or fails a request by throwing (or,
 * at the HTTP edge, answering with) a `CollectorError`: a code from the union below and a message that says
 * what failed and what to do. It knows nothing of tRPC, HTTP or MCP; `wire-errors.ts` alone decides how each
 * code answers on each wire.
 */

/** A request refused for what it is, before it did anything; each is also an `admin.refusals` reason. */
export type RequestRefusalCode =
  | "key_in_query"
  | "cors_origin"
  | "no_key"
  | "unknown_key"
  | "wrong_key_kind"
  | "rate_limited"
  | "body_too_large";

/** A batch refused for what it holds; each is also an `admin.refusals` reason. */
export type BatchRefusalCode =
  | "too_many_events"
  | "sequence_over_limit"
  | "timestamp_out_of_range"
  | "session_app_mismatch"
  | "session_too_large";

export type CollectorErrorCode =
  | RequestRefusalCode
  | BatchRefusalCode
  /** Input that fails its schema or cannot be read (bad JSON, bad gzip, too deep, a foreign cursor). */
  | "bad_input"
  | "unsupported_media_type"
  | "method_not_allowed"
  | "not_found"
  /** A database or blob store failed or missed its deadline: the client retries. */
  | "storage_unavailable"
  /** A bug: answered generically, never with its message. */
  | "internal";

/** One failed check of an input, as zod reports it: where (`events.3.type`) and what. */
export type InputIssue = { path: PropertyKey[]; message: string };

export type CollectorErrorOptions = {
  cause?: unknown;
  /** For `bad_input`: the fields that failed, so the answer can name each. */
  issues?: InputIssue[];
  /** For `rate_limited`: when the client may try again. */
  retryAfterS?: number;
};

export class CollectorError extends Error {
  override name = "CollectorError";
  readonly issues?: InputIssue[];
  readonly retryAfterS?: number;
  constructor(readonly code: CollectorErrorCode, message: string, options: CollectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.issues) this.issues = options.issues;
    if (options.retryAfterS !== undefined) this.retryAfterS = options.retryAfterS;
  }
}
