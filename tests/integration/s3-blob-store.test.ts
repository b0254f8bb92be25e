/** The S3 blob store against a real S3-compatible server (s3rver), and the collector storing batches in it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBlobStoreCases } from "../../collector/storage/blobs/blob-store.case.ts";
import { createS3BlobStore } from "../../collector/storage/blobs/s3-store.ts";
import { makeBatch, postBatch, startCollector } from "../helpers/collector.ts";
import { type RunningS3, startS3rver } from "./_s3rver.ts";

let s3: RunningS3;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
});

const store = () => createS3BlobStore({ ...s3, prefix: "unit/" });

describe("createS3BlobStore", () => {
  runBlobStoreCases(store);
});

describe("collector with BLOB_STORE=s3", () => {
  it("stores batches in the bucket and reads them back as a replay", async () => {
    await using collector = await startCollector({
      env: {
        BLOB_STORE: "s3",
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_PREFIX: "collector/",
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      },
    });
    const batch = makeBatch();
    expect((await postBatch(collector, batch)).status).toBe(200);
    const keys = await createS3BlobStore({ ...s3, prefix: "collector/" }).list?.("");
    expect(keys).toEqual([`${batch.appId}/${batch.sessionId}/${batch.windowId}/0.json.gz`]);
    const res = await fetch(
      `${collector.url}/trpc/replays.events?input=${
        encodeURIComponent(JSON.stringify({ sessionId: batch.sessionId }))
      }`,
      { headers: { "x-rerun-key": collector.readKey } },
    );
    const body = await res.json() as { result: { data: { events: unknown[] } } };
    expect(body.result.data.events).toHaveLength(2);
  });
});
