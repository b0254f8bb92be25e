/**
 * Hostile and broken requests at the real collector (tests/fixtures/bad-input): each gets the right 4xx with a
 * message naming the field or limit, the process stays up, and nothing stored changes — no session, batch or
 * blob, and no byte of a refused body anywhere on disk (refusal counts are the only thing written).
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BAD_INPUT_ENV,
  BAD_INPUT_MARKER,
  BAD_REQUESTS,
  type BadRequest,
} from "../fixtures/bad-input/requests.ts";
import {
  makeBatch,
  makeKey,
  postBatch,
  readStoredBytes,
  type RunningCollector,
  startCollector,
} from "../helpers/collector.ts";

let collector: RunningCollector;
let baseline: string;

/** Tables that hold what was ingested (everything but the refusal counts), dumped in a stable order. */
const CONTENT_TABLES = ["sessions", "windows", "batches", "session_pages", "behavioral_batches"];

async function storedContentChecksum(dataDir: string): Promise<string> {
  const hash = createHash("sha256");
  hash.update(await readStoredBytes(join(dataDir, "blobs")));
  const client = createClient({ url: `file:${join(dataDir, "rerun.db")}` });
  try {
    for (const table of CONTENT_TABLES) {
      const rows = await client.execute(`SELECT * FROM ${table} ORDER BY rowid`);
      hash.update(`${table}\n${JSON.stringify(rows.rows)}\n`);
    }
  } finally {
    client.close();
  }
  return hash.digest("hex");
}

function keyFor(choice: BadRequest["key"]): string | null {
  switch (choice ?? "public") {
    case "public":
      return collector.publicKey;
    case "read":
      return collector.readKey;
    case "admin":
      return collector.adminKey;
    case "unknown":
      return makeKey("public");
    case "huge":
      return "k".repeat(60_000);
    case "none":
      return null;
  }
  return null;
}

async function send(request: BadRequest): Promise<{ status: number; text: string }> {
  const method = request.method ?? "POST";
  const headers: Record<string, string> = {};
  if (request.body !== undefined) headers["content-type"] = "application/json";
  const key = keyFor(request.key);
  if (key !== null) headers["x-rerun-key"] = key;
  Object.assign(headers, request.headers);
  const res = await fetch(`${collector.url}${request.path ?? "/trpc/ingest.batch"}`, {
    method,
    headers,
    body: request.body as BodyInit | undefined,
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  collector = await startCollector({ env: { ...BAD_INPUT_ENV } });
  for (let i = 0; i < 2; i++) {
    const batch = makeBatch({ appId: "app_badinput", meta: { userId: `user_${i}` } });
    expect((await postBatch(collector, batch)).status).toBe(200);
    expect((await postBatch(collector, { ...batch, sequence: 1 }, { gzip: true })).status).toBe(200);
  }
  baseline = await storedContentChecksum(collector.dataDir);
});
afterAll(async () => {
  await collector?.stop();
});

describe("the collector's edge under bad input", () => {
  it("has at least 40 cases", () => {
    expect(BAD_REQUESTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BAD_REQUESTS.map((r) => [r.name, r] as const))("refuses %s", async (_name, request) => {
    const res = await send(request);
    expect({ status: res.status, text: res.text.slice(0, 300) }).toMatchObject({ status: request.status });
    expect(res.text.toLowerCase()).toContain(request.message.toLowerCase());
    expect(res.text).not.toContain(BAD_INPUT_MARKER);
    expect((await fetch(`${collector.url}/health`)).status).toBe(200);
  });

  it("changed nothing stored, and no refused byte reached the disk", async () => {
    expect(await storedContentChecksum(collector.dataDir)).toBe(baseline);
    expect((await readStoredBytes(collector.dataDir)).includes(BAD_INPUT_MARKER)).toBe(false);
  });

  it("counted the refusals by reason, without content", async () => {
    const res = await fetch(`${collector.url}/trpc/admin.refusals`, {
      headers: { "x-rerun-key": collector.adminKey },
    });
    const text = await res.text();
    for (
      const reason of [
        "bad_batch",
        "body_too_large",
        "too_many_events",
        "sequence_over_limit",
        "no_key",
        "cors_origin",
      ]
    ) {
      expect(text).toContain(`"reason":"${reason}"`);
    }
    expect(text).not.toContain(BAD_INPUT_MARKER);
    expect(text).not.toContain("s_badinput");
  });
});
