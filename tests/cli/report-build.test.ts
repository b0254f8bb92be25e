/**
 * `rerun report build` end to end: sessions sent through the real ingest route of the real collector,
 * fetched through the typed client, built by Astro into a static folder.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSmokeBatches, SMOKE_EXPECTED_KINDS } from "../../cli/smoke/synthetic-session.ts";
import { postBatch, type RunningCollector, startCollector } from "../helpers/collector.ts";
import { waitForSettled } from "../helpers/friction.ts";
import { runCli } from "../helpers/run-cli.ts";

describe("rerun report build", () => {
  let collector: RunningCollector;
  let out: string;
  const sessionIds = ["report_build_session_1", "report_build_session_2"];

  beforeAll(async () => {
    collector = await startCollector({ env: { SESSION_SETTLE_MINUTES: "0" } });
    out = await mkdtemp(join(tmpdir(), "rerun-report-"));
    for (const [i, sessionId] of sessionIds.entries()) {
      const batches = buildSmokeBatches({
        appId: "report-app",
        sessionId,
        windowId: `window_report_${i}`,
        startMs: Date.now() - 120_000 + i * 30_000,
      });
      for (const batch of batches) {
        expect((await postBatch(collector, batch, { gzip: true })).status).toBe(200);
      }
    }
    // Both sessions settle at once and are counted into friction issues, which the site opens on.
    expect((await waitForSettled(collector, sessionIds.length)).sessions).toBe(sessionIds.length);
  });

  afterAll(async () => {
    await collector?.stop();
    await rm(out, { recursive: true, force: true });
  });

  it("writes the friction overview with a page per issue, the sessions list and a page per session with its player", async () => {
    const result = await runCli([
      "report",
      "build",
      "--out",
      out,
      "--with-replays",
      "--json",
      "--url",
      collector.url,
      "--read-key",
      collector.readKey,
    ], { timeoutMs: 120_000 });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const built = JSON.parse(result.stdout) as { sessions: number; issues: number; withReplays: boolean };
    expect(built).toMatchObject({ sessions: 2, withReplays: true });
    expect(built.issues).toBeGreaterThan(0);
    // The overview lists the issues, each with a page whose examples open a session page at the moment.
    const overview = await readFile(join(out, "index.html"), "utf8");
    const issuePages = await readdir(join(out, "issues"));
    expect(issuePages).toHaveLength(built.issues);
    for (const page of issuePages) expect(overview).toContain(`issues/${page}`);
    const issuePage = await readFile(join(out, "issues", issuePages[0]!), "utf8");
    expect(issuePage).toMatch(/href="\.\.\/replays\/report_build_session_\d\.html#t=\d+"/);

    const index = await readFile(join(out, "sessions", "index.html"), "utf8");
    for (const id of sessionIds) expect(index).toContain(id);
    const pages = await readdir(join(out, "replays"));
    expect(pages.sort()).toEqual(sessionIds.map((id) => `${id}.html`).sort());
    const page = await readFile(join(out, "replays", `${sessionIds[0]}.html`), "utf8");
    for (const kind of SMOKE_EXPECTED_KINDS) expect(page).toContain(kind);
    // The player's events are embedded, masked as recorded: the snapshot's text is asterisks.
    expect(page).toContain("promo-cta");
  });

  it("fails with one line when the read key is wrong", async () => {
    const result = await runCli([
      "report",
      "build",
      "--out",
      out,
      "--url",
      collector.url,
      "--read-key",
      "x".repeat(24),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/401/);
  });
});
