// The static report site (SPEC §7). It must open from file:// and from any static host, so:
// one .html file per page with relative links (build.format "file" + the `root` prop of Base.astro),
// styles inlined, no processed <script> bundles (module scripts do not load from file://), and the
// replayer copied next to the pages as a classic script by the integration below.
import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";

process.env.RERUN_SITE_DATA ??= fileURLToPath(new URL("./src/data/generated", import.meta.url));

/** The file `name` resolves to as seen from Astro's own package. */
function astroOwn(name) {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve("astro/package.json")).resolve(name);
}

/** Copies rrweb's browser build and stylesheet to `<out>/vendor/` (only used by pages with replays). */
function vendorReplayer() {
  return {
    name: "rerun-vendor-replayer",
    hooks: {
      "astro:build:done": async ({ dir }) => {
        const require = createRequire(import.meta.url);
        const rrwebDist = dirname(require.resolve("rrweb")); // .../rrweb/dist/rrweb.cjs
        const out = join(fileURLToPath(dir), "vendor");
        await mkdir(out, { recursive: true });
        await copyFile(join(rrwebDist, "rrweb.umd.min.cjs"), join(out, "rrweb.js"));
        await copyFile(join(rrwebDist, "style.min.css"), join(out, "rrweb.css"));
      },
    },
  };
}

export default defineConfig({
  build: { format: "file", inlineStylesheets: "always" },
  cacheDir: process.env.RERUN_SITE_CACHE || undefined,
  devToolbar: { enabled: false },
  integrations: [vendorReplayer()],
  vite: {
    build: { assetsInlineLimit: 0 },
    // The root node_modules holds an older CommonJS `cookie` (another tool's); Astro's prerender chunk,
    // written under site/.astro, would resolve that one. Point it at the copy Astro itself depends on.
    resolve: { alias: [{ find: /^cookie$/, replacement: astroOwn("cookie") }] },
  },
});
