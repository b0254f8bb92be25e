/**
 * `rerun doctor` against the real collector: CORS as a browser asks it, keys of each kind, refusals with
 * their fixes, and whether sessions arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBatch, postBatch, type RunningCollector, startCollector } from "../helpers/collector.ts";
import { runCli } from "../helpers/run-cli.ts";

type DoctorJson = {
  ok: boolean;
  checks: Array<{ name: string; ok: boolean; detail: string; fix?: string }>;
  refusals: Array<{ reason: string; origin: string | null; appId: string | null; count: number }>;
};

describe("rerun doctor", () => {
  let collector: RunningCollector;
  let keys: string[];
  const allowed = "http://allowed.rerun.test:5173";
  const foreign = "http://foreign.rerun.test:8080";

  beforeAll(async () => {
    collector = await startCollector({ env: { CORS_ORIGINS: allowed } });
    keys = [
      "--url",
      collector.url,
      "--read-key",
      collector.readKey,
      "--admin-key",
      collector.adminKey,
      "--public-key",
      collector.publicKey,
    ];
  });
  afterAll(async () => {
    await collector?.stop();
  });

  it("fails 'sessions arriving' before any session and says what to do", async () => {
    const result = await runCli(["doctor", "--json", ...keys]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorJson;
    const arriving = report.checks.find((c) => c.name === "sessions arriving");
    expect(arriving).toMatchObject({ ok: false, fix: expect.stringContaining("optIn") });
  });

  it("passes every check for an allowed origin once a session arrived", async () => {
    expect((await postBatch(collector, makeBatch())).status).toBe(200);
    const result = await runCli(["doctor", "--origin", allowed, ...keys]);
    expect(result.stdout).toContain(`ok    cors ${allowed}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("All checks passed.");
  });

  it("exits 1 for an origin missing from CORS_ORIGINS, naming it and the fix", async () => {
    const result = await runCli(["doctor", "--origin", allowed, "--origin", foreign, "--json", ...keys]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorJson;
    expect(report.checks.find((c) => c.name === `cors ${allowed}`)?.ok).toBe(true);
    const cors = report.checks.find((c) => c.name === `cors ${foreign}`)!;
    expect(cors.ok).toBe(false);
    expect(cors.detail).toContain(foreign);
    expect(cors.fix).toContain(`CORS_ORIGINS`);
    expect(cors.fix).toContain(`--cors-origin ${foreign}`);
  });

  it("reports a wrong public key as unknown_key with its appId, and the key check fails", async () => {
    const refused = await postBatch(collector, makeBatch({ appId: "wrong-key-app" }), {
      key: "public_replay_" + "z".repeat(32),
    });
    expect(refused.status).toBe(401);
    const result = await runCli([
      "doctor",
      "--json",
      ...keys.slice(0, -2),
      "--public-key",
      "public_replay_" + "y".repeat(32),
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorJson;
    expect(report.refusals).toContainEqual(
      expect.objectContaining({ reason: "unknown_key", appId: "wrong-key-app" }),
    );
    const refusals = report.checks.find((c) => c.name === "recent refusals")!;
    expect(refusals.ok).toBe(false);
    expect(refusals.detail).toMatch(/unknown_key/);
    expect(report.checks.find((c) => c.name === "public key")).toMatchObject({
      ok: false,
      fix: expect.stringContaining("PUBLIC_INGEST_KEYS"),
    });
  });

  it("says the collector is down, with the fix, when nothing listens", async () => {
    const result = await runCli(["doctor", "--url", "http://127.0.0.1:9", "--read-key", "x".repeat(20)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL {2}collector: nothing answers/);
    expect(result.stdout).toMatch(/fix: start it with `rerun quickstart`/);
  });
});
