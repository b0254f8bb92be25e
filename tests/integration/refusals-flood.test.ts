/**
 * A flood of refused requests costs a handful of table rows and a handful of database writes: refusals are
 * counted in memory and written in bounded batches (every 10 s and at shutdown), never once per request.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { makeBatch, makeKey, postBatch, startCollector } from "../helpers/collector.ts";

const FLOOD = 5_000;
const CONCURRENCY = 16;

describe("refusals under a flood", () => {
  it("keeps the refusals table at a handful of rows and writes it a handful of times", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "rerun-flood-"));
    try {
      let flushes = 0;
      {
        await using collector = await startCollector({
          dataDir,
          env: { CORS_ORIGINS: "https://shop.example" },
        });
        const unknownKey = makeKey("public");
        const send = (i: number) => {
          switch (i % 4) {
            case 0:
              return postBatch(collector, makeBatch(), { key: null });
            case 1:
              return postBatch(collector, makeBatch(), { key: unknownKey });
            case 2:
              return postBatch(collector, null, { rawBody: "{not json" });
            default:
              return postBatch(collector, makeBatch(), { headers: { origin: "https://evil.example" } });
          }
        };
        let next = 0;
        const statuses = new Map<number, number>();
        await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
          while (next < FLOOD) {
            const { status } = await send(next++);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        }));
        expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
        expect((await fetch(`${collector.url}/health`)).status).toBe(200);

        const metrics =
          await (await fetch(`${collector.url}/metrics`, { headers: { "x-rerun-key": collector.readKey } }))
            .text();
        flushes = Number(metrics.match(/^rerun_refusal_flushes_total (\d+)$/m)?.[1]);
        const refused = [...metrics.matchAll(/^rerun_ingest_refused_total\{reason="\w+"\} (\d+)$/gm)]
          .reduce((sum, m) => sum + Number(m[1]), 0);
        expect(refused).toBe(FLOOD);
        // One write per 10 s flush: the flood takes far less than 100 flush intervals.
        expect(flushes).toBeLessThan(10);
      }

      const db = createClient({ url: `file:${join(dataDir, "rerun.db")}` });
      const { rows } = await db.execute(
        "SELECT count(*) AS n, sum(count) AS counted, sum(length(reason) + length(origin) + length(app_id) + 32) AS bytes FROM refusals",
      );
      db.close();
      const { n, counted, bytes } = rows[0] as unknown as { n: number; counted: number; bytes: number };
      console.info(
        `refusals after ${FLOOD} refused requests: ${n} rows, about ${bytes} bytes, ${flushes} flushes before shutdown`,
      );
      expect(Number(counted)).toBe(FLOOD);
      expect(Number(n)).toBeLessThanOrEqual(10);

      await using restarted = await startCollector({ dataDir });
      const res = await fetch(`${restarted.url}/trpc/admin.refusals`, {
        headers: { "x-rerun-key": restarted.adminKey },
      });
      const body = await res.json() as { result: { data: { refusals: Array<{ count: number }> } } };
      expect(body.result.data.refusals.reduce((sum, r) => sum + r.count, 0)).toBe(FLOOD);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
