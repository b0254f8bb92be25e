/**
 * Serves a folder of real, third-party static HTML (the Python documentation that Debian's `python3.11-doc`
 * installs) at `/docs/`, with the built script-tag SDK added to every page's `<head>`, as a site owner would
 * add it, and the SDK's own files under `/dist/`. The snippet inits with consent already granted, as a page
 * whose cookie banner was answered on an earlier page does.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { serveStatic, type StaticServer } from "../helpers/static-server.ts";
import { REPO_ROOT } from "./sdk-page.ts";

/** Where Debian's `python3.11-doc` installs the HTML documentation. */
export const PYTHON_DOCS = "/usr/share/doc/python3.11/html";

/** Whether the Python documentation is installed (`apt-get install python3.11-doc`). */
export const hasPythonDocs = (): boolean => existsSync(join(PYTHON_DOCS, "tutorial", "index.html"));

/**
 * Serves `root` at `/docs/` with `Rerun.init({...init(), consent: "granted"})` in every HTML page; `init` is
 * read per page, so the collector (which must list this site's origin) can start after the site.
 */
export function serveDocsWithSdk(
  opts: { root: string; init: () => Record<string, unknown> },
): Promise<StaticServer> {
  const snippet = () =>
    `<script src="/dist/rerun.global.js"></script><script>window.replay = Rerun.init(${
      JSON.stringify({ consent: "granted", ...opts.init() }).replace(/</g, "\\u003c")
    });</script>`;
  return serveStatic({
    root: REPO_ROOT,
    mounts: { "/docs/": opts.root },
    transformHtml: (html) => html.replace(/<head>/i, `<head>${snippet()}`),
  });
}
