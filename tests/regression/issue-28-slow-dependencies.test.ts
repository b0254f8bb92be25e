/**
 * Issue 28, item 3: with the bucket or the remote database frozen — accepting connections, never answering —
 * ingest requests hung with no 503 and no log line, `/health` said ok, and the SDK's one request in flight
 * blocked its queue for good. Each storage call now has a deadline (STORAGE_TIMEOUT_MS, 2 s here to keep the
 * test short; 10 s by default) that answers 503 + Retry-After, logs, counts `storage_unavailable`; `/health`
 * names the degraded dependency; the SDK times its own requests out and backs off, so the freeze loses
 * nothing. The freeze lasts FREEZE_MS (RERUN_FREEZE_MS to run the 40 s).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/chromium.ts";
import { makeBatch, postBatch, type RunningCollector, startCollector } from "../helpers/collector.ts";
import { startFreezableProxy } from "../helpers/freezable-proxy.ts";
import { startHranaServer } from "../helpers/hrana-server.ts";
import { serveStatic } from "../helpers/static-server.ts";
import { startS3rver } from "../integration/_s3rver.ts";
import { ensureSdkBuilt, openSdkPage, REPO_ROOT } from "../browser/sdk-page.ts";

const FREEZE_MS = Number(process.env.RERUN_FREEZE_MS ?? 12_000);
const STORAGE_TIMEOUT_MS = "2000";

type Health = {
  ok: boolean;
  status: string;
  dependencies: Record<string, { status: string; detail?: string }>;
};
const health = async (collector: RunningCollector) =>
  (await (await fetch(`${collector.url}/health`)).json()) as Health;

/** Reads a tRPC query with a read key; a client-side limit makes a hung answer a failure, not a hung test. */
async function query(
  collector: RunningCollector,
  procedure: string,
  input: unknown,
  key = collector.readKey,
) {
  const res = await fetch(
    `${collector.url}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`,
    { headers: { "x-rerun-key": key }, signal: AbortSignal.timeout(30_000) },
  );
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() as Answer };
}

/** The parts of a tRPC answer these tests read: a stitched timeline, or a list of replays. */
type Answer = {
  result: {
    data: {
      gaps: unknown[];
      windows: Array<{ batches: number; lastSequence: number }>;
      replays: unknown[];
    };
  };
};

/** Posts a batch as the SDK does, but gives up after 30 s so a hung answer fails the test instead. */
async function postWithLimit(collector: RunningCollector, batch: unknown) {
  const res = await fetch(`${collector.url}/trpc/ingest.batch`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-rerun-key": collector.publicKey },
    body: JSON.stringify(batch),
    signal: AbortSignal.timeout(30_000),
  });
  await res.body?.cancel();
  return { status: res.status, retryAfter: res.headers.get("retry-after") };
}

async function expectDegraded(collector: RunningCollector, dependency: string) {
  await expect.poll(async () => (await health(collector)).dependencies[dependency]?.status, {
    timeout: 30_000,
    interval: 250,
  }).toBe("degraded");
  const body = await health(collector);
  expect(body).toMatchObject({ ok: true, status: "degraded" });
  expect(body.dependencies[dependency]?.detail).toMatch(/did not answer within 2000 ms/);
}

describe("issue 28: a frozen bucket", () => {
  it("answers 503 + Retry-After, reports it, and the SDK in Chromium loses no batch", async () => {
    ensureSdkBuilt();
    await using s3 = await startS3rver();
    await using proxy = await startFreezableProxy({ port: Number(new URL(s3.endpoint).port) });
    await using site = await serveStatic({ root: REPO_ROOT });
    await using collector = await startCollector({
      env: {
        CORS_ORIGINS: site.url,
        STORAGE_TIMEOUT_MS,
        BLOB_STORE: "s3",
        S3_ENDPOINT: proxy.url,
        S3_BUCKET: s3.bucket,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      },
    });
    await using chromium = await launchChromium();
    const { page } = await openSdkPage({
      chromium,
      siteUrl: site.url,
      name: "recording.html",
      // A batch every tenth of the freeze (1 s for 12 s): it queues about ten, well within the default 30.
      settings: {
        publicKey: collector.publicKey,
        ingestBaseUrl: collector.url,
        options: { flushIntervalMs: Math.max(1_000, Math.round(FREEZE_MS / 10)) },
      },
    });
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.evaluate(
      "setInterval(() => document.body.append(String(Date.now()) + ' '), 150); undefined",
    );
    const sessionId = await page.evaluate("window.replay.getStatus().sessionId") as string;
    const storedBatches =
      async () => (await query(collector, "admin.stitch", { sessionId }, collector.adminKey));
    // Ingest works before the freeze (polled in the page: admin calls are rate limited).
    await page.waitForFunction("window.replay.getStatus().lastSentAt !== null", undefined, {
      timeout: 30_000,
    });

    proxy.freeze();
    const frozenAt = Date.now();
    const refused = await postWithLimit(collector, makeBatch({ appId: "app_freeze_probe" }));
    expect(refused).toEqual({ status: 503, retryAfter: "5" });
    await expectDegraded(collector, "blobs");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, FREEZE_MS - (Date.now() - frozenAt))));
    proxy.thaw();

    await waitForQueueDrained(page);
    await page.evaluate("window.replay.flush()");
    const stitched = (await storedBatches()).body.result.data;
    const status = await page.evaluate("window.replay.getStatus()") as { droppedBatches: number };
    expect(status.droppedBatches).toBe(0);
    expect(stitched.gaps).toEqual([]);
    expect(stitched.windows[0]!.batches).toBe(stitched.windows[0]!.lastSequence + 1);
    // The blob store was really frozen: requests were lost in it and the collector cut them at its deadline.
    expect(proxy.deadConnections()).toBeGreaterThan(0);
    expect(collector.stderr()).toMatch(/"message":"storage unavailable".*did not answer within 2000 ms/);
    expect(collector.stderr()).toMatch(/"message":"dependency degraded","dependency":"blobs"/);
    const refusals = await query(collector, "admin.refusals", undefined, collector.adminKey);
    expect(JSON.stringify(refusals.body)).toContain('"reason":"storage_unavailable"');
    await expect.poll(async () => (await health(collector)).status, { timeout: 30_000 }).toBe("ok");
  });
});

describe("issue 28: a frozen remote database", () => {
  it("answers ingest and reads with 503 + Retry-After, says so on /health, and recovers", async () => {
    await using hrana = await startHranaServer({ authToken: "freeze-token" });
    await using proxy = await startFreezableProxy({ port: Number(new URL(hrana.url).port) });
    await using collector = await startCollector({
      env: { DATABASE_URL: proxy.url, DATABASE_AUTH_TOKEN: "freeze-token", STORAGE_TIMEOUT_MS },
    });
    expect((await postBatch(collector, makeBatch())).status).toBe(200);

    proxy.freeze();
    const batch = makeBatch();
    expect(await postWithLimit(collector, batch)).toEqual({ status: 503, retryAfter: "5" });
    const list = await query(collector, "replays.list", {});
    expect(list.status).toBe(503);
    expect(list.retryAfter).toBe("5");
    await expectDegraded(collector, "database");
    proxy.thaw();

    // The SDK's retry of the refused batch is stored once the database answers again.
    await expect.poll(async () => (await postBatch(collector, batch)).status, { timeout: 30_000 }).toBe(200);
    expect((await query(collector, "replays.list", {})).body.result.data.replays).toHaveLength(2);
    await expect.poll(async () => (await health(collector)).status, { timeout: 30_000 }).toBe("ok");
    expect(collector.stderr()).toMatch(/"message":"dependency degraded","dependency":"database"/);
    expect(collector.stderr()).toMatch(/"message":"dependency answers again","dependency":"database"/);
  });
});

async function waitForQueueDrained(page: Page): Promise<void> {
  await page.waitForFunction("window.replay.getStatus().queuedBatches === 0", undefined, { timeout: 60_000 });
}
