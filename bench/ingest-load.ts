/**
 * The load generator for the ingest benchmarks: realistic gzip batch bodies made cheaply per request, and
 * closed-loop (as fast as it goes) and open-loop (a fixed rate) drivers over keep-alive connections to
 * 127.0.0.1 only.
 *
 * Bodies: every request needs unique ids (or the collector answers "duplicate" and skips the work), but
 * gzipping a 1 MB body per request would load the same 2 cores the server runs on. So each events array is
 * deflated once, and a body is assembled as a gzip header, one stored (uncompressed) deflate block holding
 * the unique JSON head, the pre-deflated events, and the CRC-32 of the whole. The server inflates exactly as
 * many bytes as for a body gzipped in one go.
 */
import { Agent, request } from "node:http";
import { crc32, deflateRawSync } from "node:zlib";
import type { RecordedEvent } from "../shared/batch.ts";

export type BodyTemplate = { events: number; tailJson: Buffer; tailDeflated: Buffer };

/** Deflates `,"events":[…]}` once; `makeBody` puts a unique head in front of it. */
export function createBodyTemplate(events: RecordedEvent[]): BodyTemplate {
  const tailJson = Buffer.from(`,"events":${JSON.stringify(events)}}`);
  return { events: events.length, tailJson, tailDeflated: deflateRawSync(tailJson, { level: 6 }) };
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

/** A gzip body whose decompressed JSON is `{appId, sessionId, windowId, sequence, final?, meta, events}`. */
export function makeBody(
  template: BodyTemplate,
  ids: { appId: string; sessionId: string; windowId: string; sequence: number; final?: boolean },
): Buffer {
  const head = Buffer.from(
    `{"appId":${JSON.stringify(ids.appId)},"sessionId":${JSON.stringify(ids.sessionId)},"windowId":${
      JSON.stringify(ids.windowId)
    },"sequence":${ids.sequence},${
      ids.final ? '"final":true,' : ""
    }"meta":{"sdkVersion":"bench","url":"https://shop.example/checkout"}`,
  );
  const stored = Buffer.alloc(5);
  stored.writeUInt8(0x00, 0); // BFINAL=0, BTYPE=00 (stored), RFC 1951 §3.2.4
  stored.writeUInt16LE(head.length, 1);
  stored.writeUInt16LE(~head.length & 0xffff, 3);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(template.tailJson, crc32(head)) >>> 0, 0);
  trailer.writeUInt32LE((head.length + template.tailJson.length) >>> 0, 4);
  return Buffer.concat([GZIP_HEADER, stored, head, template.tailDeflated, trailer]);
}

export type Target = { url: string; publicKey: string };
export type Sample = { ok: boolean; status: number; latencyMs: number; events: number };

/** POSTs one body to `ingest.batch` on `agent`; resolves with its status and latency, never rejects. */
export function postBody(
  opts: { target: Target; agent: Agent; body: Buffer; events: number; since?: number },
): Promise<Sample> {
  const started = opts.since ?? performance.now();
  const url = new URL("/trpc/ingest.batch", opts.target.url);
  return new Promise((resolve) => {
    const req = request(url, {
      method: "POST",
      agent: opts.agent,
      headers: {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": opts.body.length,
        "x-rerun-key": opts.target.publicKey,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const ok = res.statusCode === 200 && text.includes('"accepted":true') &&
          !text.includes('"duplicate":true');
        resolve({
          ok,
          status: res.statusCode ?? 0,
          latencyMs: performance.now() - started,
          events: opts.events,
        });
      });
      res.on(
        "error",
        () => resolve({ ok: false, status: 0, latencyMs: performance.now() - started, events: 0 }),
      );
    });
    req.on(
      "error",
      () => resolve({ ok: false, status: 0, latencyMs: performance.now() - started, events: 0 }),
    );
    req.end(opts.body);
  });
}

/** Hands out bodies with fresh ids in turn over the templates: a window sends sequences 0…99. */
export function createBodySource(templates: BodyTemplate[], runId: string) {
  let n = 0;
  return (): { body: Buffer; events: number } => {
    const template = templates[n % templates.length] as BodyTemplate;
    const window = Math.floor(n / 100);
    const ids = {
      appId: "app_bench",
      sessionId: `s_bench_${runId}_${window}`,
      windowId: `w_bench_${runId}_${window}`,
      sequence: n % 100,
    };
    n++;
    return { body: makeBody(template, ids), events: template.events };
  };
}

export type LoadSummary = {
  requests: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  events: number;
  elapsedMs: number;
  eventsPerSecond: number;
  batchesPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summarize(samples: Sample[], elapsedMs: number): LoadSummary {
  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const ok = samples.filter((s) => s.ok);
  const events = ok.reduce((sum, s) => sum + s.events, 0);
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    requests: samples.length,
    ok: ok.length,
    errors: samples.length - ok.length,
    statuses,
    events,
    elapsedMs: Math.round(elapsedMs),
    eventsPerSecond: Math.round(events / (elapsedMs / 1000)),
    batchesPerSecond: round(ok.length / (elapsedMs / 1000)),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? 0),
    },
  };
}

/** `concurrency` connections each sending the next body as soon as the previous is answered. */
export async function runClosedLoop(opts: {
  target: Target;
  next: () => { body: Buffer; events: number };
  concurrency: number;
  durationMs: number;
}): Promise<LoadSummary> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const samples: Sample[] = [];
  const started = performance.now();
  const deadline = started + opts.durationMs;
  await Promise.all(Array.from({ length: opts.concurrency }, async () => {
    while (performance.now() < deadline) {
      const { body, events } = opts.next();
      samples.push(await postBody({ target: opts.target, agent, body, events }));
    }
  }));
  const elapsed = performance.now() - started;
  agent.destroy();
  return summarize(samples, elapsed);
}

/**
 * Sends at a fixed `ratePerSecond` whatever the answers, with latency measured from each request's scheduled
 * time, so a stalled server shows as latency rather than as fewer requests (no coordinated omission).
 */
export async function runOpenLoop(opts: {
  target: Target;
  next: () => { body: Buffer; events: number };
  ratePerSecond: number;
  durationMs: number;
  maxInFlight?: number;
}): Promise<LoadSummary> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxInFlight ?? 64 });
  const samples: Promise<Sample>[] = [];
  const started = performance.now();
  const intervalMs = 1000 / opts.ratePerSecond;
  const total = Math.floor((opts.durationMs / 1000) * opts.ratePerSecond);
  for (let i = 0; i < total; i++) {
    const scheduled = started + i * intervalMs;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const { body, events } = opts.next();
    samples.push(postBody({ target: opts.target, agent, body, events, since: scheduled }));
  }
  const done = await Promise.all(samples);
  const elapsed = performance.now() - started;
  agent.destroy();
  return summarize(done, elapsed);
}
