/**
 * The `meta` every batch carries (`BatchMeta`, `shared/batch.ts`), read when the batch is cut: the SDK
 * version, the page (stripped URL, user agent, viewport), the user's id, traits and tags (redacted here,
 * and again by the collector), consent, and the trigger that started a buffered session sending.
 */
import type { BatchMeta, ConsentRecord } from "../../../shared/batch.ts";
import { redactDeep, type RedactionRule, redactString } from "../../../shared/redact.ts";
import { currentStrippedUrl } from "../../privacy/url.ts";
import { SDK_VERSION } from "../../version.ts";
import type { UserMeta } from "../contract.ts";

/** Longest user agent kept. */
const MAX_USER_AGENT = 1_000;

/** What the page does not say about itself: who the user is and under which consent and trigger. */
export type MetaSources = {
  user: UserMeta;
  consent: ConsentRecord | null;
  trigger: string | undefined;
  /** The `release` option, kept with the session so friction can be compared release against release. */
  release?: string | null;
};

/** Returns the meta of a batch cut now. */
export function createBatchMeta(from: MetaSources, rules: readonly RedactionRule[]): BatchMeta {
  const meta: BatchMeta = { sdkVersion: SDK_VERSION, url: currentStrippedUrl() };
  const { userId, traits, tags } = from.user;
  if (userId) meta.userId = redactString(userId, rules);
  if (traits) meta.traits = redactDeep(traits, rules);
  if (tags) meta.tags = redactDeep(tags, rules);
  if (typeof navigator !== "undefined") meta.userAgent = navigator.userAgent.slice(0, MAX_USER_AGENT);
  if (typeof innerWidth === "number") {
    meta.viewport = {
      width: Math.max(0, Math.round(innerWidth)),
      height: Math.max(0, Math.round(innerHeight)),
    };
  }
  if (from.consent) meta.consent = from.consent;
  if (from.trigger) meta.trigger = from.trigger;
  if (from.release) meta.release = from.release;
  return meta;
}
