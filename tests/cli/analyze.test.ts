/**
 * `rerun analyze` and `rerun smoke` as users run them: the real bin against the real collector under Deno,
 * and the LLM review through each official SDK against a loopback server speaking the provider's format.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FrictionReportSchema } from "../../shared/report.ts";
import { buildSmokeBatches, SMOKE_EXPECTED_KINDS } from "../../cli/smoke/synthetic-session.ts";
import { postBatch, type RunningCollector, startCollector } from "../helpers/collector.ts";
import { startFakeLlm } from "../helpers/fake-llm.ts";
import { runCli } from "../helpers/run-cli.ts";

describe("rerun analyze", () => {
  let collector: RunningCollector;
  const sessionId = "session_analyze_cli_1";
  let target: string[];

  beforeAll(async () => {
    collector = await startCollector();
    target = ["--url", collector.url, "--read-key", collector.readKey];
    const batches = buildSmokeBatches({
      appId: "analyze-app",
      sessionId,
      windowId: "window_analyze_1",
      startMs: Date.now() - 60_000,
    });
    for (const batch of batches) expect((await postBatch(collector, batch, { gzip: true })).status).toBe(200);
  });

  afterAll(async () => {
    await collector?.stop();
  });

  it("prints exactly one FrictionReport with --json", async () => {
    const result = await runCli(["analyze", "--session", sessionId, "--json", ...target]);
    expect(result.code).toBe(0);
    const report = FrictionReportSchema.parse(JSON.parse(result.stdout));
    expect(report.sessionId).toBe(sessionId);
    expect(new Set(report.findings.map((f) => f.kind))).toEqual(new Set(SMOKE_EXPECTED_KINDS));
    expect(report.frictionScore).toBeGreaterThan(0);
  });

  it("finds the newest session with --latest and prints a findings table with mm:ss times", async () => {
    const result = await runCli(["analyze", "--latest", ...target]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Friction score: \d+\/100/);
    expect(result.stdout).toMatch(/TIME\s+KIND\s+SEVERITY\s+TARGET\s+EVIDENCE/);
    expect(result.stdout).toMatch(/00:02\s+rage_click\s+high\s+#buy/);
  });

  it("refuses --llm without --confirm-external-llm-export, with exit 2 and nothing sent", async () => {
    await using llm = await startFakeLlm();
    const result = await runCli(["analyze", "--session", sessionId, "--llm", ...target], {
      env: { ANTHROPIC_API_KEY: "sk-ant-test-0000000000000", ANTHROPIC_BASE_URL: llm.anthropicBaseUrl },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing was sent/);
    expect(result.stdout).toBe("");
    expect(llm.requests).toHaveLength(0);
  });

  for (const provider of ["anthropic", "openai"] as const) {
    it(`streams a ${provider} review of only the redacted report and narrative`, async () => {
      await using llm = await startFakeLlm(["The ", "pay button ", "throws."]);
      const result = await runCli([
        "analyze",
        "--session",
        sessionId,
        "--llm",
        "--llm-provider",
        provider,
        "--confirm-external-llm-export",
        ...target,
      ], {
        env: {
          ANTHROPIC_API_KEY: "sk-ant-test-0000000000000",
          OPENAI_API_KEY: "sk-test-openai-00000000000",
          ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
          OPENAI_BASE_URL: llm.openaiBaseUrl,
        },
      });
      expect(result.stderr).not.toMatch(/error/i);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("The pay button throws.");
      expect(llm.requests).toHaveLength(1);
      const sent = llm.requests[0]!.raw;
      // The report and the narrative went out; no key of the collector and no raw rrweb node did.
      expect(sent).toContain(sessionId);
      expect(sent).toContain("t_ms,page,kind,target,detail");
      for (const key of [collector.readKey, collector.publicKey, collector.adminKey]) {
        expect(sent).not.toContain(key);
      }
      expect(sent).not.toContain('"childNodes"');
      expect(sent).not.toContain('"tagName"');
    });
  }

  it("says which flag is missing when neither --latest nor --session is given", async () => {
    const result = await runCli(["analyze", ...target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--latest or --session/);
  });

  it("waits out the collector's rate limit (429 + Retry-After) instead of failing", async () => {
    const limited = await startCollector({ env: { READ_RATE_LIMIT: "1/second" } });
    try {
      const batch = buildSmokeBatches({
        appId: "analyze-app",
        sessionId: "session_analyze_limit_1",
        windowId: "window_analyze_limit_1",
        startMs: Date.now() - 60_000,
      })[0]!;
      expect((await postBatch(limited, batch, { gzip: true })).status).toBe(200);
      // --latest lists, then analyses: the second read inside the same second is answered 429.
      const result = await runCli([
        "analyze",
        "--latest",
        "--json",
        "--url",
        limited.url,
        "--read-key",
        limited.readKey,
      ]);
      expect(result.stderr).toMatch(/answered 429; retrying in \d+ s/);
      expect(result.code).toBe(0);
      expect(FrictionReportSchema.parse(JSON.parse(result.stdout)).sessionId).toBe("session_analyze_limit_1");
    } finally {
      await limited.stop();
    }
  });

  it("reports an unknown session as one line naming it", async () => {
    const result = await runCli(["analyze", "--session", "no_such_session_1", ...target]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/no_such_session_1/);
  });
});

describe("rerun smoke", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "rerun-smoke-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("starts a collector, sends a synthetic session, checks its findings and stops after", async () => {
    const result = await runCli(["smoke", "--stop-after", "--port", "0", "--data-dir", dataDir], {
      timeoutMs: 90_000,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ collector started/);
    expect(result.stdout).toMatch(/✓ ingested 2 batches/);
    expect(result.stdout).toMatch(/✓ analysed: friction score \d+/);
    expect(result.stdout).toMatch(/✓ stopped the collector/);
    expect(result.stdout.indexOf("smoke passed")).toBeGreaterThan(result.stdout.indexOf("✓ analysed"));
  });
});
