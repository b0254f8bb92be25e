/**
 * Ingest, full path: the real collector (gunzip, validate, redact, cap, gzip, store blob + row, ack) under a
 * load generator in this process, against the floor (`floor-server.ts`) in the same run. Phases, for each
 * server: warm-up; closed loop at a few concurrencies (the best is its maximum rate); then an open loop at
 * half the collector's maximum for latency.
 */
import { generateSessionEvents } from "./synthetic-session.ts";
import {
  type BodyTemplate,
  createBodySource,
  createBodyTemplate,
  type LoadSummary,
  runClosedLoop,
  runOpenLoop,
} from "./ingest-load.ts";
import type { BenchContext, BenchOutput } from "./results.ts";
import { type BenchServer, readMemoryMiB, startBenchCollector, startFloorServer } from "./servers.ts";

const TEMPLATE_COUNT = 12;
const CONCURRENCIES = [2, 4, 8];

/** Batches of 2,000–4,500 events: 55–120 KB gzip, under the SDK's 1 MB cut and the 5,000-event limit. */
export function createTemplates(): BodyTemplate[] {
  return Array.from({ length: TEMPLATE_COUNT }, (_, i) => {
    const count = 2000 + Math.round((2500 * i) / (TEMPLATE_COUNT - 1));
    return createBodyTemplate(
      generateSessionEvents({
        count,
        startTs: 1_700_000_000_000 + i * 3_600_000,
        seed: 1000 + i,
        pageEvery: 1_000_000,
      }),
    );
  });
}

type ServerRun = {
  closed: Record<string, LoadSummary>;
  best: LoadSummary;
  memoryMiB: { rss: number; peak: number };
};

async function measureMaximum(
  server: BenchServer,
  templates: BodyTemplate[],
  opts: { name: string; durationMs: number; log: (line: string) => void },
): Promise<ServerRun> {
  const target = { url: server.url, publicKey: server.publicKey };
  await runClosedLoop({
    target,
    next: createBodySource(templates, `${opts.name}warm`),
    concurrency: 4,
    durationMs: 3000,
  });
  const closed: Record<string, LoadSummary> = {};
  let best: LoadSummary | null = null;
  for (const concurrency of CONCURRENCIES) {
    const summary = await runClosedLoop({
      target,
      next: createBodySource(templates, `${opts.name}c${concurrency}`),
      concurrency,
      durationMs: opts.durationMs,
    });
    closed[`c${concurrency}`] = summary;
    opts.log(
      `${opts.name} concurrency ${concurrency}: ${summary.eventsPerSecond} events/s, ${summary.batchesPerSecond} batches/s, p99 ${summary.latencyMs.p99} ms, errors ${summary.errors}`,
    );
    if (!best || summary.eventsPerSecond > best.eventsPerSecond) best = summary;
  }
  return { closed, best: best as LoadSummary, memoryMiB: await readMemoryMiB(server.pid) };
}

export async function benchIngest(ctx: BenchContext): Promise<BenchOutput> {
  const templates = createTemplates();
  const gzipKb = templates.map((t) => Math.round((t.tailDeflated.length / 1024) * 10) / 10);
  const eventsPerBatch = templates.reduce((s, t) => s + t.events, 0) / templates.length;
  ctx.log(
    `batches: ${templates[0]?.events}–${templates.at(-1)?.events} events, ${gzipKb[0]}–${
      gzipKb.at(-1)
    } KB gzip`,
  );
  const durationMs = ctx.mode === "full" ? 20_000 : 8_000;

  const floor = await startFloorServer();
  let floorRun: ServerRun;
  try {
    floorRun = await measureMaximum(floor, templates, { name: "floor", durationMs, log: ctx.log });
  } finally {
    await floor.stop();
  }

  const collector = await startBenchCollector();
  let collectorRun: ServerRun;
  let halfRate: LoadSummary;
  let rate: number;
  try {
    collectorRun = await measureMaximum(collector, templates, {
      name: "collector",
      durationMs,
      log: ctx.log,
    });
    rate = Math.max(1, Math.round(collectorRun.best.batchesPerSecond / 2));
    halfRate = await runOpenLoop({
      target: { url: collector.url, publicKey: collector.publicKey },
      next: createBodySource(templates, "half"),
      ratePerSecond: rate,
      durationMs: durationMs * 1.5,
    });
    ctx.log(
      `collector at ${rate} batches/s: p50 ${halfRate.latencyMs.p50} ms, p99 ${halfRate.latencyMs.p99} ms, errors ${halfRate.errors}`,
    );
  } finally {
    await collector.stop();
  }

  const max = collectorRun.best.eventsPerSecond;
  const floorMax = floorRun.best.eventsPerSecond;
  return {
    title: "Ingest, full path, against the floor",
    method: [
      `The load generator (Node, keep-alive HTTP to 127.0.0.1) posts gzip batches of ${
        templates[0]?.events
      }–${templates.at(-1)?.events} synthetic rrweb events (${gzipKb[0]}–${gzipKb.at(-1)} KB gzip, mean ${
        Math.round(eventsPerBatch)
      } events) to`,
      "`/trpc/ingest.batch` with a public key; every request has fresh (session, window, sequence) ids, so none is",
      "a duplicate. Each server is warmed for 3 s, then driven in a closed loop at concurrency",
      `${CONCURRENCIES.join(", ")} for ${
        durationMs / 1000
      } s each; its maximum is the best of these. The floor is`,
      "`bench/floor-server.ts` under the same Deno: gunzip, JSON.parse, JSON.stringify, gzip, write file, ack.",
      "Latency is then measured on the collector in an open loop at half its maximum batch rate, from each",
      "request's scheduled send time. Load generator and server share the machine's cores.",
    ].join(" "),
    versionsOf: ["node", "deno", "rerun"],
    metrics: [
      {
        metric: "ingest throughput, one collector process",
        value: max,
        unit: "events/s",
        target: { kind: "min", value: 300_000 },
        compare: { floor: floorMax },
      },
      {
        metric: "ingest throughput vs floor",
        value: Math.round((max / floorMax) * 100) / 100,
        unit: "× floor",
        target: { kind: "min", value: 0.6 },
      },
      {
        metric: "ingest p99 at half the maximum rate",
        value: halfRate.latencyMs.p99,
        unit: "ms",
        target: { kind: "max", value: 15 },
        compare: { p50: halfRate.latencyMs.p50, "batches/s": rate },
      },
    ],
    details: {
      gzipKb,
      eventsPerBatch,
      floor: floorRun,
      collector: collectorRun,
      halfRate: { ratePerSecond: rate, ...halfRate },
    },
  };
}
