/**
 * SDK size: every bundle is built here with the same esbuild settings as the SDK build (bundle, minify,
 * browser targets), then gzipped at level 9. rerun's loader and recorder are built from `sdk/`, and the peers
 * from tiny entries that import them the way an app would, so all figures come from one method and one run.
 * "Own code beyond rrweb" is rerun's recorder minus rrweb's recorder bundled alone with the same masking
 * options and the same build (canvas recording compiled out, see `scripts/esbuild-sdk.ts`), so it counts only
 * rerun's code; rrweb as published is reported beside it.
 */
import { build, type BuildOptions } from "esbuild";
import { gzipSync } from "node:zlib";
import { RECORDER_BANNER, sdkBuildOptions } from "../scripts/esbuild-sdk.ts";
import { REPO_ROOT } from "./paths.ts";
import type { BenchOutput } from "./results.ts";

/** The SDK build's own settings; its rrweb plugin touches only `@rrweb/record`, so the peers build as usual. */
const COMMON: BuildOptions = {
  ...sdkBuildOptions(),
  write: false,
  logLevel: "error",
  absWorkingDir: REPO_ROOT,
};

/** Entries of the compared bundles, as an app would write them. */
const ENTRIES = {
  rrwebAlone: `
    import { record } from "@rrweb/record";
    const mask = (text) => text.replace(/[^\\s]/g, "*");
    globalThis.stopRecording = record({
      emit(event) { globalThis.lastEvent = event; },
      maskAllInputs: true,
      maskTextSelector: "*",
      maskTextFn: mask,
      maskInputFn: mask,
      blockSelector: "[data-rerun-block]",
    });`,
  sentryCore: `
    import { init } from "@sentry/browser";
    init({ dsn: "http://key@127.0.0.1:9/1" });`,
  sentryWithReplay: `
    import { init, replayIntegration } from "@sentry/browser";
    init({ dsn: "http://key@127.0.0.1:9/1", replaysSessionSampleRate: 1, integrations: [replayIntegration()] });`,
  posthogCore: `
    import posthog from "posthog-js";
    posthog.init("phc_bench", { api_host: "http://127.0.0.1:9", disable_session_recording: false });`,
  posthogRecorder: `import "posthog-js/dist/recorder.js";`,
} as const;

type Sized = { raw: number; gzip: number };

function sizeOf(bytes: Uint8Array): Sized {
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

async function bundleSource(contents: string, extra: BuildOptions = {}): Promise<Sized> {
  const out = await build({
    ...COMMON,
    ...extra,
    stdin: { contents, resolveDir: REPO_ROOT, loader: "js", sourcefile: "entry.js" },
    format: "iife",
  });
  const js = (out.outputFiles ?? []).find((f) => f.path.endsWith(".js") || f.path === "<stdout>") ??
    out.outputFiles?.[0];
  if (!js) throw new Error("esbuild produced no output for a size entry");
  return sizeOf(js.contents);
}

async function bundleFile(entry: string, extra: BuildOptions = {}): Promise<Sized> {
  const out = await build({ ...COMMON, ...extra, entryPoints: [entry], format: "iife", outdir: "out" });
  const js = (out.outputFiles ?? []).find((f) => f.path.endsWith(".js"));
  if (!js) throw new Error(`esbuild produced no output for ${entry}`);
  return sizeOf(js.contents);
}

/**
 * The ESM build as `dist/` ships it: what a page fetches before consent (the entry plus its static imports)
 * and what `optIn` fetches later (the rest).
 */
async function bundleEsm(): Promise<{ preConsent: Sized; lazy: Sized }> {
  const out = await build({
    ...COMMON,
    entryPoints: { index: "sdk/entries/index.ts" },
    format: "esm",
    splitting: true,
    outdir: "out",
    chunkNames: "chunks/[name]-[hash]",
    metafile: true,
  });
  const outputs = out.metafile.outputs;
  const byRelative = new Map(
    (out.outputFiles ?? []).map((f) => [f.path.slice(f.path.lastIndexOf("out/")), f.contents]),
  );
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const imp of outputs[path]?.imports ?? []) if (imp.kind === "import-statement") visit(imp.path);
  };
  visit("out/index.js");
  const sum = (paths: string[]): Sized =>
    paths.reduce((acc, p) => {
      const s = sizeOf(byRelative.get(p) ?? new Uint8Array());
      return { raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip };
    }, { raw: 0, gzip: 0 });
  const js = Object.keys(outputs).filter((p) => p.endsWith(".js"));
  return { preConsent: sum(js.filter((p) => eager.has(p))), lazy: sum(js.filter((p) => !eager.has(p))) };
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function benchSdkSize(): Promise<BenchOutput> {
  const [
    loader,
    recorder,
    esm,
    rrweb,
    rrwebPublished,
    sentryCore,
    sentryWithReplay,
    posthogCore,
    posthogRecorder,
  ] = await Promise
    .all([
      bundleFile("sdk/entries/global.ts"),
      bundleFile("sdk/entries/global-recorder.ts", { banner: RECORDER_BANNER }),
      bundleEsm(),
      bundleSource(ENTRIES.rrwebAlone),
      bundleSource(ENTRIES.rrwebAlone, { plugins: [] }),
      bundleSource(ENTRIES.sentryCore),
      bundleSource(ENTRIES.sentryWithReplay),
      bundleSource(ENTRIES.posthogCore),
      bundleSource(ENTRIES.posthogRecorder),
    ]);
  const sentryReplay = sentryWithReplay.gzip - sentryCore.gzip;
  const ownCode = recorder.gzip - rrweb.gzip;
  return {
    title: "SDK size, min+gzip -9",
    method: [
      "Each bundle is built in the same run with esbuild (bundle, minify, targets chrome91/firefox90/safari15,",
      "IIFE) and compressed with gzip level 9; 1 KB = 1024 bytes. rerun's loader is `sdk/entries/global.ts` (the script-tag",
      "entry; the ESM entry plus its static imports is reported beside it) and its recorder is `sdk/entries/global-recorder.ts`",
      "(rrweb, masking, attribute scrubbing, navigation, transport; the optional observers are a third file), with",
      "rrweb's canvas recording, which rerun never turns on, compiled out by the SDK build's esbuild plugin.",
      "Sentry's replay integration is",
      "`init` with `replayIntegration()` minus `init` alone; PostHog's recorder is `posthog-js/dist/recorder.js`",
      "re-bundled the same way. rerun's own recorder code is its recorder minus `@rrweb/record` bundled alone with",
      "the same masking options and the same plugin; `@rrweb/record` as published (no plugin) is shown beside it.",
    ].join(" "),
    versionsOf: ["node", "esbuild", "@rrweb/record", "@sentry/browser", "posthog-js", "rerun"],
    metrics: [
      {
        metric: "pre-consent loader (script tag)",
        value: kb(loader.gzip),
        unit: "KB",
        target: { kind: "max", value: 5 },
        compare: {
          "ESM entry + static chunks": kb(esm.preConsent.gzip),
          "Sentry core": kb(sentryCore.gzip),
          "PostHog core": kb(posthogCore.gzip),
        },
        note: "issue 3 budget ≤ 6 KB",
      },
      {
        metric: "recorder chunk (rrweb + masking + observers)",
        value: kb(recorder.gzip),
        unit: "KB",
        target: { kind: "max", value: 30 },
        compare: {
          "ESM lazy chunks": kb(esm.lazy.gzip),
          "Sentry replay integration": kb(sentryReplay),
          "PostHog recorder": kb(posthogRecorder.gzip),
        },
      },
      {
        metric: "recorder code beyond rrweb",
        value: kb(ownCode),
        unit: "KB",
        target: { kind: "max", value: 12 },
        compare: {
          "rrweb alone, same masking": kb(rrweb.gzip),
          "rrweb alone, as published": kb(rrwebPublished.gzip),
        },
      },
    ],
    details: {
      bytes: {
        loader,
        recorder,
        esm,
        rrwebAlone: rrweb,
        rrwebAlonePublished: rrwebPublished,
        sentryCore,
        sentryWithReplay,
        sentryReplayIntegrationGzip: sentryReplay,
        posthogCore,
        posthogRecorder,
      },
    },
  };
}
