/**
 * Serves a folder of real, third-party static HTML (the Python documentation that Debian's `python3.11-doc`
 * installs) with the built script-tag SDK added to every page's `<head>`, as a site owner would add it, plus
 * the SDK's own files under `/dist/`. The snippet inits with consent already granted, as a page whose
 * cookie banner was answered on an earlier page does.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { REPO_ROOT } from "./sdk-page.ts";

/** Where Debian's `python3.11-doc` installs the HTML documentation. */
export const PYTHON_DOCS = "/usr/share/doc/python3.11/html";

/** Whether the Python documentation is installed (`apt-get install python3.11-doc`). */
export const hasPythonDocs = (): boolean => existsSync(join(PYTHON_DOCS, "tutorial", "index.html"));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** A running site; `url` serves the folder at `/docs/`. */
export type DocSite = { url: string; close(): Promise<void>; [Symbol.asyncDispose]: () => Promise<void> };

/**
 * Serves `root` at `/docs/` with `Rerun.init({...init(), consent: "granted"})` in every HTML page; `init` is
 * read per page, so the collector (which must list this site's origin) can start after the site.
 */
export async function serveDocsWithSdk(
  opts: { root: string; init: () => Record<string, unknown> },
): Promise<DocSite> {
  const snippet = () =>
    `<script src="/dist/rerun.global.js"></script><script>window.replay = Rerun.init(${
      JSON.stringify({ consent: "granted", ...opts.init() }).replace(/</g, "\\u003c")
    });</script>`;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const [base, rest] = path.startsWith("/dist/")
      ? [join(REPO_ROOT, "dist"), path.slice("/dist/".length)]
      : path.startsWith("/docs/")
      ? [opts.root, path.slice("/docs/".length)]
      : [null, ""];
    const root = base === null ? "" : normalize(base + sep);
    const file = normalize(join(root, rest));
    if (base === null || !file.startsWith(root)) {
      res.writeHead(404).end();
      return;
    }
    try {
      let body: Buffer | string = await readFile(file);
      if (extname(file) === ".html") body = body.toString("utf8").replace(/<head>/i, `<head>${snippet()}`);
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
  return { url: `http://127.0.0.1:${port}`, close, [Symbol.asyncDispose]: close };
}
