/**
 * A tiny static file server on 127.0.0.1 and a free port, for browser tests: serves test pages and the
 * built `dist/` from one root, and other folders under URL prefixes (`mounts`). Paths outside a folder are
 * refused. `transformHtml` rewrites every HTML page served (to add the SDK to a page nobody here wrote).
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { gunzipSync } from "node:zlib";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".css": "text/css",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
};

/**
 * The file, or its gzip-compressed sibling `<file>.gz` uncompressed: Debian compresses large documentation
 * files (python3.11-doc ships `whatsnew/changelog.html.gz`, which its search page fetches), and a web server
 * for Debian's docs serves them as the plain file, as nginx's `gzip_static` does.
 */
async function readOrGunzip(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const zipped = await readFile(`${file}.gz`).catch(() => null);
    if (zipped === null) throw error;
    return gunzipSync(zipped);
  }
}

/** A running static server. */
export type StaticServer = {
  url: string;
  close(): Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
};

/** Serves `root` and each `mounts` folder at its URL prefix; `headers` are added to every answer. */
export async function serveStatic(opts: {
  root: string;
  port?: number;
  headers?: Record<string, string>;
  mounts?: Record<string, string>;
  /** Rewrites each HTML page served; `path` is the URL's decoded path. */
  transformHtml?: (html: string, path: string) => string;
}): Promise<StaticServer> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const mount = Object.entries(opts.mounts ?? {}).find(([prefix]) => path.startsWith(prefix));
    const root = normalize((mount ? mount[1] : opts.root) + sep);
    const rest = mount ? path.slice(mount[0].length) : path;
    const file = normalize(join(root, rest.endsWith("/") || rest === "" ? `${rest}index.html` : rest));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body: Buffer | string = await readOrGunzip(file);
      if (opts.transformHtml && extname(file) === ".html") {
        body = opts.transformHtml(body.toString("utf8"), path);
      }
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
        ...opts.headers,
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | null = null;
  const close = () => (closed ??= new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${port}`, close, [Symbol.asyncDispose]: close };
}
