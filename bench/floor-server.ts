/**
 * The floor for the ingest benchmark, run under Deno: the least work any collector must do per batch with
 * the same primitives the collector uses — read the body, gunzip it (DecompressionStream), JSON.parse,
 * JSON.stringify, gzip it again (node:zlib) and write the bytes to a file — then answer like `ingest.batch`.
 * No auth, validation, redaction, database or duplicate check. Prints the same listening line as the
 * collector. Environment: `PORT` (0 for any), `FLOOR_DIR` (where files go).
 */
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";

// Only the Deno APIs used here; `tsc` checks bench/ without Deno's types, and `deno run` does not type-check.
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    opts: { hostname: string; port: number; onListen: (addr: { hostname: string; port: number }) => void },
    handler: (req: Request) => Promise<Response>,
  ): unknown;
  writeFile(path: string, data: Uint8Array): Promise<void>;
};

const gzip = promisify(gzipCallback);
const dir = Deno.env.get("FLOOR_DIR") ?? ".";
const ACK = JSON.stringify({ result: { data: { accepted: true, duplicate: false } } });
let written = 0;

Deno.serve({
  hostname: "127.0.0.1",
  port: Number(Deno.env.get("PORT") ?? "0"),
  onListen: ({ hostname, port }) => console.log(`rerun collector listening on http://${hostname}:${port}`),
}, async (req) => {
  if (!req.body) return new Response("no body", { status: 400 });
  const text = await new Response(req.body.pipeThrough(new DecompressionStream("gzip"))).text();
  const batch = JSON.parse(text) as { events: unknown[] };
  const bytes = new Uint8Array(await gzip(JSON.stringify(batch)));
  await Deno.writeFile(`${dir}/${written++ % 1000}.json.gz`, bytes);
  return new Response(ACK, { headers: { "content-type": "application/json" } });
});
