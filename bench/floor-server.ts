/**
 * The floor for the ingest benchmark, run under Deno: the least work any collector must do per batch, with
 * the zlib calls the collector makes — read the body, gunzip it (one `gunzipSync` with the same output cap),
 * JSON.parse, JSON.stringify, gzip it again at the collector's blob level, write the bytes to a file and
 * fsync it (a batch is acknowledged only once durable) — then answer like `ingest.batch`. No auth,
 * validation, redaction, database or duplicate check, and all of it on the event loop: the floor is a minimal
 * handler, so it does not use the collector's batch reader Worker. Prints the same listening line as the
 * collector. Environment: `PORT` (0 for any), `FLOOR_DIR` (where files go).
 */
import { open } from "node:fs/promises";
import { gunzipSync, gzipSync } from "node:zlib";
import { BLOB_GZIP_LEVEL } from "../collector/storage/batch-blob.ts";

// Only the Deno APIs used here; `tsc` checks bench/ without Deno's types, and `deno run` does not type-check.
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    opts: { hostname: string; port: number; onListen: (addr: { hostname: string; port: number }) => void },
    handler: (req: Request) => Promise<Response>,
  ): unknown;
};

/** The collector's default MAX_BODY_BYTES, the cap on the decompressed body. */
const MAX_BODY_BYTES = 2_000_000;
const dir = Deno.env.get("FLOOR_DIR") ?? ".";
const ACK = JSON.stringify({ result: { data: { accepted: true, duplicate: false } } });
const UTF8 = new TextDecoder();
let written = 0;

Deno.serve({
  hostname: "127.0.0.1",
  port: Number(Deno.env.get("PORT") ?? "0"),
  onListen: ({ hostname, port }) => console.log(`rerun collector listening on http://${hostname}:${port}`),
}, async (req) => {
  if (!req.body) return new Response("no body", { status: 400 });
  const gzipped = new Uint8Array(await req.arrayBuffer());
  const text = UTF8.decode(gunzipSync(gzipped, { maxOutputLength: MAX_BODY_BYTES }));
  const batch = JSON.parse(text) as { events: unknown[] };
  const bytes = gzipSync(JSON.stringify(batch), { level: BLOB_GZIP_LEVEL });
  const file = await open(`${dir}/${written++ % 1000}.json.gz`, "w");
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  return new Response(ACK, { headers: { "content-type": "application/json" } });
});
