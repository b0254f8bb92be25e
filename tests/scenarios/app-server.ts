/**
 * The scenario app's server on 127.0.0.1: the pages of `tests/scenarios/app/`, the built SDK from `dist/`,
 * `/app/config.js` with the collector settings, and three fake API endpoints — `/api/ok` (200 at once),
 * `/api/fail` (500) and `/api/slow` (200 after {@link SLOW_API_MS}).
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const APP_DIR = fileURLToPath(new URL("./app/", import.meta.url));

/** Longer than slow_response's 3 s request threshold, shorter than its 7 s click window. */
export const SLOW_API_MS = 3_500;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

export type AppServer = {
  url: string;
  /** Points the pages' SDK at `collector` (started after the app, so its CORS can name the app's origin). */
  useCollector(collector: { url: string; publicKey: string }): void;
  close(): Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
};

/** Serves the app; pages get their SDK settings from `/app/config.js` once `useCollector` is called. */
export async function serveScenarioApp(): Promise<AppServer> {
  let config = "window.RERUN_SETTINGS = null;\n";
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(
        JSON.stringify(body),
      );
    switch (path) {
      case "/api/ok":
        return json(200, { ok: true });
      case "/api/fail":
        return json(500, { error: "reviews service down" });
      case "/api/slow":
        setTimeout(() => json(200, { inStock: true }), SLOW_API_MS);
        return;
      case "/app/config.js":
        res.writeHead(200, { "content-type": TYPES[".js"]!, "cache-control": "no-store" }).end(config);
        return;
    }
    const [root, rest] = path.startsWith("/app/")
      ? [APP_DIR, path.slice("/app/".length)]
      : path.startsWith("/dist/")
      ? [join(REPO_ROOT, "dist") + sep, path.slice("/dist/".length)]
      : [null, ""];
    const file = root === null ? null : normalize(join(root, rest));
    if (root === null || file === null || !file.startsWith(root)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | null = null;
  const close = () => (closed ??= new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  const useCollector = (collector: { url: string; publicKey: string }): void => {
    config = `window.RERUN_SETTINGS = ${
      JSON.stringify({ publicKey: collector.publicKey, ingestBaseUrl: collector.url })
    };\n`;
  };
  return { url: `http://127.0.0.1:${port}`, useCollector, close, [Symbol.asyncDispose]: close };
}
