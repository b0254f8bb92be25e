/**
 * How the transport's health follows each send, as pure functions of the outcome: a batch that arrived makes
 * it `ok`; one to try again makes it `retrying`; a refusal with 401 or 403 means the key or the origin is
 * wrong, so no batch will ever be accepted and it is `refused` for good. Other refusals drop only that batch.
 */
import { SdkError } from "../errors.ts";
import type { SendOutcome } from "./backoff.ts";

/** Where sending stands. */
export type Health = "ok" | "retrying" | "refused";

/** Applies one send's outcome to the health. */
export function reduceHealth(health: Health, outcome: SendOutcome): Health {
  if (outcome.kind !== "refused") return outcome.kind === "sent" ? "ok" : "retrying";
  return outcome.status === 401 || outcome.status === 403 ? "refused" : health;
}

/** The error a send to `url` reports as `lastError`; `null` when the batch arrived. */
export function sendError(outcome: SendOutcome, url: string): SdkError | null {
  if (outcome.kind === "sent") return null;
  return outcome.kind === "retry"
    ? new SdkError("collector_unreachable", `[POST] ${url}: ${outcome.message}; retrying`, outcome.status)
    : new SdkError("ingest_refused", `[POST] ${url}: ${outcome.message}`, outcome.status);
}
