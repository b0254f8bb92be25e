/**
 * Sustained load: 200 simulated sessions, each sending a batch about every 5 s (the SDK's flush interval)
 * with a little jitter, against the real collector for 60 s (`--quick`, the default) or 5 minutes
 * (`--full`). Every batch must be acknowledged; afterwards the stored batch rows are counted, so a batch
 * acknowledged but not stored would show as lost. RSS of the Deno process is sampled every second.
 */
import { Agent } from "node:http";
import { createClient } from "@libsql/client";
import { join } from "node:path";
import { createBodyTemplate, makeBody, postBody, type Sample } from "./ingest-load.ts";
import type { BenchContext, BenchOutput } from "./results.ts";
import { readMemoryMiB, startBenchCollector } from "./servers.ts";
import { createRandom } from "./synthetic-session.ts";
import { generateSessionEvents } from "./synthetic-session.ts";

const SESSIONS = 200;
const FLUSH_INTERVAL_MS = 5_000;

export async function benchSustained(ctx: BenchContext): Promise<BenchOutput> {
  const durationMs = ctx.mode === "full" ? 5 * 60_000 : 60_000;
  // An active session's 5-s batch: about 100 events; every tenth is a page load with a full snapshot.
  const templates = Array.from({ length: 20 }, (_, i) =>
    createBodyTemplate(
      generateSessionEvents({
        count: i % 10 === 0 ? 120 : 100,
        startTs: 1_700_000_000_000 + i * 5_000,
        seed: 300 + i,
        pageEvery: i % 10 === 0 ? 1_000 : 1_000_000,
      }),
    ));
  const collector = await startBenchCollector();
  const agent = new Agent({ keepAlive: true, maxSockets: 50 });
  const samples: Sample[] = [];
  const memory: number[] = [];
  let peakRss = 0;
  try {
    const sampler = setInterval(() => {
      readMemoryMiB(collector.pid).then((m) => {
        memory.push(m.rss);
        peakRss = Math.max(peakRss, m.rss);
      }).catch(() => undefined);
    }, 1000);
    const started = performance.now();
    const target = { url: collector.url, publicKey: collector.publicKey };
    let sent = 0;
    await Promise.all(Array.from({ length: SESSIONS }, async (_, s) => {
      const rand = createRandom(s + 1);
      await new Promise((r) => setTimeout(r, rand() * FLUSH_INTERVAL_MS));
      for (let sequence = 0; performance.now() - started < durationMs; sequence++) {
        const template = templates[(s + sequence) % templates.length] as (typeof templates)[number];
        const body = makeBody(template, {
          appId: "app_bench",
          sessionId: `s_sustained_${s}`,
          windowId: `w_sustained_${s}`,
          sequence,
        });
        sent++;
        samples.push(await postBody({ target, agent, body, events: template.events }));
        await new Promise((r) => setTimeout(r, FLUSH_INTERVAL_MS * (0.8 + 0.4 * rand())));
      }
    }));
    clearInterval(sampler);
    const elapsedMs = performance.now() - started;
    const db = createClient({ url: `file:${join(collector.dataDir, "rerun.db")}` });
    const stored = Number((await db.execute("select count(*) as n from batches")).rows[0]?.n ?? -1);
    db.close();
    const acknowledged = samples.filter((x) => x.ok).length;
    const errors = samples.length - acknowledged;
    const latencies = samples.map((x) => x.latencyMs).sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
    ctx.log(
      `sent ${sent}, acknowledged ${acknowledged}, stored ${stored}, errors ${errors}, peak RSS ${peakRss} MiB, p99 ${
        p99.toFixed(1)
      } ms`,
    );
    return {
      title: "Sustained load, 200 sessions",
      method: [
        `${SESSIONS} simulated sessions against the real collector for ${
          durationMs / 1000
        } s, each sending a gzip batch`,
        `of about 100 synthetic events (a full snapshot every tenth batch) every ${
          FLUSH_INTERVAL_MS / 1000
        } s ± 20 %,`,
        "over keep-alive connections to 127.0.0.1. Lost batches are acknowledged batches missing from the `batches`",
        "table afterwards. RSS is VmRSS of the Deno process, sampled every second.",
      ].join(" "),
      versionsOf: ["node", "deno", "rerun"],
      metrics: [
        {
          metric: "sustained errors",
          value: errors,
          unit: "requests",
          target: { kind: "max", value: 0 },
          compare: { sent: samples.length },
        },
        {
          metric: "sustained lost batches",
          value: Math.max(0, acknowledged - stored),
          unit: "batches",
          target: { kind: "max", value: 0 },
          compare: { stored },
        },
        {
          metric: "sustained collector RSS, peak",
          value: peakRss,
          unit: "MiB",
          target: { kind: "max", value: 256 },
          compare: { "p99 latency ms": Math.round(p99 * 10) / 10 },
        },
      ],
      details: {
        sent: samples.length,
        acknowledged,
        stored,
        elapsedMs: Math.round(elapsedMs),
        rssMiB: memory,
      },
    };
  } finally {
    agent.destroy();
    await collector.stop();
  }
}
