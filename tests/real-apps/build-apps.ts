/**
 * Builds the corpus's apps with esbuild (one call, about 2 s) into a folder served at `/apps/<name>/`: each
 * app's bundle from `apps/`, its HTML page and plain CSS, the contacts data file, and the replay page that
 * plays events back with rrweb's Replayer.
 */
import { build } from "esbuild";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const APPS_DIR = fileURLToPath(new URL("./apps/", import.meta.url));

/** Each app: its entry in `apps/`, the root element its HTML holds, and its own plain CSS. */
const APPS = {
  mui: { entry: "mui-signup.tsx", body: `<div id="root"></div>`, css: "" },
  router: {
    entry: "router-contacts.tsx",
    body: `<div id="root"></div>`,
    css: `
      #root { display: flex; min-height: 100vh; font: 16px/1.5 system-ui, sans-serif; }
      #sidebar { width: 22rem; background: #f7f7f7; border-right: 1px solid #e3e3e3; padding: 1rem 2rem; }
      #sidebar > div { display: flex; gap: .5rem; padding-bottom: 1rem; border-bottom: 1px solid #e3e3e3; }
      #sidebar nav a { display: flex; padding: .5rem; border-radius: 8px; color: inherit; text-decoration: none; }
      #sidebar nav a.active { background: hsl(224, 98%, 58%); color: white; }
      #sidebar ul { list-style: none; margin: 0; padding: 0; }
      input, button, textarea { font: inherit; border: 0; border-radius: 8px; padding: .5rem .75rem;
        box-shadow: 0 0 1px hsla(0, 0%, 0%, .2), 0 1px 2px hsla(0, 0%, 0%, .2); background: white; }
      button { color: #3992ff; font-weight: 500; }
      #detail { flex: 1; padding: 2rem 4rem; }
      #detail.loading { opacity: .25; }
      #contact { display: flex; gap: 2rem; }
      #contact .avatar { width: 12rem; height: 12rem; border-radius: 1.5rem; background: #c8c8c8; }
      #contact h1 { display: flex; gap: 1rem; align-items: center; font-size: 2rem; margin: 0; }
      #contact-form { display: flex; flex-direction: column; gap: 1rem; max-width: 40rem; }
      #contact-form label, #contact-form p { display: flex; gap: 1rem; margin: 0; }
      #contact-form span { width: 8rem; }
      #error-page { margin: 4rem auto; text-align: center; }`,
  },
  next: {
    entry: "next-root.tsx",
    body: `<div id="__next"></div>`,
    css: `
      body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #111; }
      .site-header { display: flex; justify-content: space-between; padding: 1rem 2rem; background: #111; }
      .site-header a { color: #fff; text-decoration: none; margin-left: 1.5rem; }
      main { max-width: 60rem; margin: 2rem auto; padding: 0 2rem; }
      .hero { padding: 4rem 2rem; background: linear-gradient(120deg, #ffe9c7, #ffd1dc); border-radius: 1rem; }
      .photo { height: 16rem; border-radius: 1rem; background: #8b5a2b; }
      button { font: inherit; padding: .75rem 1.5rem; border: 0; border-radius: .5rem; background: #0070f3;
        color: white; margin-right: 1rem; }`,
  },
  lit: {
    entry: "lit-todos.ts",
    body: `<todo-app></todo-app>`,
    css: `body { margin: 0; background: #f5f5f5; }`,
  },
  hash: {
    entry: "hash-todos.tsx",
    body: `<div id="root"></div>`,
    css: `
      body { margin: 0; background: #f5f5f5; font: 24px Helvetica, Arial, sans-serif; }
      .todoapp { max-width: 550px; margin: 40px auto; background: #fff; box-shadow: 0 2px 4px rgb(0 0 0 / 20%); }
      h1 { text-align: center; font-size: 80px; font-weight: 200; color: #b83f45; margin: 0; }
      .new-todo { box-sizing: border-box; width: 100%; padding: 16px 16px 16px 60px; font-size: 24px; border: 0; }
      .todo-list { list-style: none; margin: 0; padding: 0; }
      .todo-list li { display: flex; gap: 12px; padding: 15px; border-bottom: 1px solid #ededed; }
      .todo-list li.completed label { color: #949494; text-decoration: line-through; }
      .footer { display: flex; gap: 8px; align-items: center; padding: 10px 15px; font-size: 15px; }
      .filters { display: flex; list-style: none; gap: 6px; margin: 0 auto; padding: 0; }
      .filters a { color: inherit; text-decoration: none; padding: 3px 7px; border: 1px solid transparent; }
      .filters a.active { border-color: #ce4646; border-radius: 3px; }`,
  },
} as const;

export type AppName = keyof typeof APPS;

const CONTACTS = [
  { id: "ada", first: "Ada", last: "Lovelace", handle: "@ada", notes: "First programmer.", favorite: false },
  { id: "grace", first: "Grace", last: "Hopper", handle: "@grace", notes: "Compilers.", favorite: true },
  { id: "alan", first: "Alan", last: "Turing", handle: "@alan", notes: "Computability.", favorite: false },
  { id: "edsger", first: "Edsger", last: "Dijkstra", handle: "", notes: "Shortest paths.", favorite: false },
];

/** The replay page: rrweb's Replayer (the UMD build, as the report site vendors it) over events handed in. */
const REPLAY_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>replay</title>
<link rel="stylesheet" href="/rrweb/style.css"><script src="/rrweb/rrweb.umd.min.cjs"></script></head>
<body style="margin:0"><div id="stage"></div></body></html>
`;

const page = (name: string, body: string) =>
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}</title><link rel="stylesheet" href="/apps/${name}/app.css"></head>
<body>${body}<script src="/apps/${name}/app.js"></script></body></html>
`;

/** Builds every app into `outDir` (the static server's root). */
export async function buildApps(outDir: string): Promise<void> {
  const entries = Object.entries(APPS);
  await build({
    entryPoints: Object.fromEntries(
      entries.map(([name, app]) => [`apps/${name}/app`, join(APPS_DIR, app.entry)]),
    ),
    outdir: outDir,
    bundle: true,
    format: "iife",
    jsx: "automatic",
    minify: true,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  for (const [name, app] of entries) {
    await writeFile(join(outDir, "apps", name, "index.html"), page(name, app.body));
    await writeFile(join(outDir, "apps", name, "app.css"), app.css);
  }
  await mkdir(join(outDir, "apps", "router", "data"), { recursive: true });
  await writeFile(join(outDir, "apps", "router", "data", "contacts.json"), JSON.stringify(CONTACTS));
  await mkdir(join(outDir, "harness"), { recursive: true });
  await writeFile(join(outDir, "harness", "replay.html"), REPLAY_HTML);
}
