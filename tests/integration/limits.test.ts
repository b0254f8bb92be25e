/**
 * Size and count limits at the real collector, and the content-free refusal log that explains them to an
 * operator (`admin.refusals`).
 */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBatch, postBatch, type RunningCollector, startCollector } from "../helpers/collector.ts";

let collector: RunningCollector;

beforeAll(async () => {
  collector = await startCollector({
    env: { MAX_BODY_BYTES: "20000", MAX_EVENTS_PER_BATCH: "50", MAX_REPLAY_SEQUENCE: "10" },
  });
});
afterAll(async () => {
  await collector?.stop();
});

const padded = (chars: number) =>
  makeBatch({
    appId: "app_limits",
    events: [{ type: 5, data: { tag: "pad", payload: "a".repeat(chars) }, timestamp: 1 }],
  });

describe("body limits", () => {
  it("answers 413 to a body over MAX_BODY_BYTES", async () => {
    const res = await postBatch(collector, padded(30_000));
    expect(res.status).toBe(413);
    expect(JSON.stringify(res.body)).toContain("MAX_BODY_BYTES");
  });

  it("answers 413 to a small gzip body that inflates past MAX_BODY_BYTES", async () => {
    const body = JSON.stringify(padded(200_000));
    expect(gzipSync(body).length).toBeLessThan(20_000);
    expect((await postBatch(collector, null, { rawBody: body, gzip: true })).status).toBe(413);
  });
});

describe("batch limits", () => {
  it("answers 413 past MAX_EVENTS_PER_BATCH and 400 past MAX_REPLAY_SEQUENCE", async () => {
    const events = Array.from({ length: 51 }, (_, i) => ({ type: 5, data: {}, timestamp: i }));
    expect((await postBatch(collector, makeBatch({ appId: "app_limits", events }))).status).toBe(413);
    const res = await postBatch(collector, makeBatch({ appId: "app_limits", sequence: 11 }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("MAX_REPLAY_SEQUENCE");
  });
});

describe("admin.refusals", () => {
  it("lists the refusals by reason and appId, without content", async () => {
    const res = await fetch(`${collector.url}/trpc/admin.refusals`, {
      headers: { "x-rerun-key": collector.adminKey },
    });
    const body = await res.json() as {
      result: { data: { refusals: Array<{ reason: string; appId: string | null; count: number }> } };
    };
    const reasons = body.result.data.refusals.map((r) => `${r.reason}:${r.appId}:${r.count}`).sort();
    expect(reasons).toEqual([
      "body_too_large:null:2",
      "sequence_over_limit:app_limits:1",
      "too_many_events:app_limits:1",
    ]);
    expect(JSON.stringify(body)).not.toContain("aaaa");
  });
});
