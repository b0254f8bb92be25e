/**
 * The write path of `ingest.behavioral`: the value-free interaction stream (pointer, scroll, focus, key
 * category). Same order as `ingest.batch` — limits, duplicate check, durable blob, then metadata, then ack
 * (`store-batch.ts`) — without redaction of values (the schema admits none) but with the string cap and PII
 * redaction of the only free text, `target`, which is a CSS selector and may carry an id such as
 * `#user-jane@example.com`.
 */
import type { BehavioralBatch, IngestAck } from "../../shared/batch.ts";
import { redactString } from "../../shared/redact.ts";
import type { CollectorDeps } from "../deps.ts";
import { hasBehavioralBatch, insertBehavioralBatch } from "../storage/behavioral.ts";
import { behavioralBlobKey } from "../storage/blobs/blob-store.ts";
import { getSession } from "../storage/sessions.ts";
import { checkBatchLimits, checkSessionApp, withStorage } from "./batch-limits.ts";
import { capString } from "./cap-strings.ts";
import { encodeBlobJson, storeBlobThenRow } from "./store-batch.ts";

export async function acceptBehavioralBatch(deps: CollectorDeps, input: BehavioralBatch): Promise<IngestAck> {
  checkBatchLimits(deps.config, input.events.length, input.sequence);
  const ref = { sessionId: input.sessionId, windowId: input.windowId, sequence: input.sequence };
  const session = await withStorage(() => getSession(deps.db, input.sessionId));
  checkSessionApp(session?.appId ?? null, input);
  if (await withStorage(() => hasBehavioralBatch(deps.db, ref))) return { accepted: true, duplicate: true };

  const receivedAt = deps.now();
  const { key: _key, ...batch } = input;
  const events = batch.events.map((event) => {
    if (event.target === undefined) return event;
    const target = deps.config.SERVER_SIDE_REDACTION ? redactString(event.target) : event.target;
    return { ...event, target: capString(target, deps.config.MAX_STORED_STRING_BYTES) };
  });
  const blobKey = behavioralBlobKey(input);
  const bytes = await encodeBlobJson(deps, JSON.stringify({ ...batch, events, receivedAt }));
  const outcome = await storeBlobThenRow(deps, { key: blobKey, bytes }, () =>
    insertBehavioralBatch(deps.db, {
      ...ref,
      appId: input.appId,
      blobKey,
      eventCount: events.length,
      bytes: bytes.length,
      receivedAt,
    }));
  return { accepted: true, duplicate: outcome === "duplicate" };
}
