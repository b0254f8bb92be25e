/**
 * `rerun quickstart` / `replays` / `stop` as a user runs them: the real bin, a real detached collector under
 * Deno, a temporary data dir.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.ts";
import { makeTempDir } from "../helpers/tmp.ts";

type QuickstartJson = {
  ingestBaseUrl: string;
  publicKey: string;
  readKey: string;
  adminKey: string;
  pid: number;
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("rerun quickstart", () => {
  let dataDir: string;
  let started: QuickstartJson;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "rerun-quickstart-"));
    const result = await runCli([
      "quickstart",
      "--json",
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--cors-origin",
      "http://localhost:4200",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    started = JSON.parse(result.stdout) as QuickstartJson;
  });

  afterAll(async () => {
    if (started?.pid && isAlive(started.pid)) process.kill(started.pid, "SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints ingestBaseUrl, three generated keys and the pid as one JSON object", () => {
    expect(Object.keys(started).sort()).toEqual(["adminKey", "ingestBaseUrl", "pid", "publicKey", "readKey"]);
    expect(started.ingestBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.publicKey).toMatch(/^public_replay_[A-Za-z0-9_-]{32,}$/);
    expect(started.readKey).toMatch(/^read_replay_[A-Za-z0-9_-]{32,}$/);
    expect(started.adminKey).toMatch(/^admin_replay_[A-Za-z0-9_-]{32,}$/);
    expect(isAlive(started.pid)).toBe(true);
  });

  it("adds --cors-origin to the local defaults instead of replacing them", async () => {
    const preflight = (origin: string) =>
      fetch(`${started.ingestBaseUrl}/trpc/ingest.batch`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
    for (const origin of ["http://localhost:4200", "http://localhost:5173", "http://127.0.0.1:3000"]) {
      const res = await preflight(origin);
      expect(res.headers.get("access-control-allow-origin"), origin).toBe(origin);
    }
    expect((await preflight("http://localhost:4300")).status).toBe(403);
  });

  it("leaves a collector that answers /health", async () => {
    const response = await fetch(`${started.ingestBaseUrl}/health`);
    expect(response.status).toBe(200);
  });

  it("writes quickstart.json with mode 0600 beside the database and the blob folder", async () => {
    const file = join(dataDir, "quickstart.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const state = JSON.parse(await readFile(file, "utf8")) as QuickstartJson;
    expect(state.readKey).toBe(started.readKey);
    expect((await stat(join(dataDir, "rerun.db"))).isFile()).toBe(true);
    expect((await stat(join(dataDir, "blobs"))).isDirectory()).toBe(true);
  });

  it("reuses the running collector when run again", async () => {
    const again = await runCli(["quickstart", "--json", "--port", "0", "--data-dir", dataDir]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(started);
    expect(again.stderr).toMatch(/already running/);
  });

  it("lets rerun replays --json list a session sent with the public key, found through quickstart.json", async () => {
    const empty = await runCli(["replays", "--json", "--data-dir", dataDir]);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual([]);

    const batch = {
      appId: "quickstart-app",
      sessionId: "session_quickstart_1",
      windowId: "window_quickstart_1",
      sequence: 0,
      events: [
        {
          type: 4,
          data: { href: "http://127.0.0.1:5173/shop?x=1", width: 800, height: 600 },
          timestamp: 1_700_000_000_000,
        },
        { type: 3, data: { source: 2, type: 2, id: 5, x: 10, y: 10 }, timestamp: 1_700_000_002_000 },
      ],
      meta: {},
    };
    const posted = await fetch(`${started.ingestBaseUrl}/trpc/ingest.batch`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-rerun-key": started.publicKey },
      body: JSON.stringify(batch),
    });
    expect(posted.status).toBe(200);

    const listed = await runCli(["replays", "--json", "--data-dir", dataDir]);
    expect(listed.code).toBe(0);
    const replays = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(replays).toHaveLength(1);
    expect(replays[0]).toMatchObject({
      sessionId: "session_quickstart_1",
      appId: "quickstart-app",
      eventCount: 2,
      durationMs: 2_000,
      pageCount: 1,
      pages: ["http://127.0.0.1:5173/shop"],
    });
    const table = await runCli(["replays", "--data-dir", dataDir]);
    expect(table.stdout).toContain("session_quickstart_1");
  });

  it("stops the collector with rerun stop", async () => {
    const stopped = await runCli(["stop", "--data-dir", dataDir]);
    expect(stopped.code).toBe(0);
    expect(isAlive(started.pid)).toBe(false);
    const again = await runCli(["stop", "--data-dir", dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/No collector is running/);
  });
});

describe("rerun (errors)", () => {
  it("fails with one line and exit 1 when no collector can be found", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rerun-empty-"));
    const result = await runCli(["replays", "--data-dir", dir]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/no collector found.*rerun quickstart/);
    await rm(dir, { recursive: true, force: true });
  });

  it("names a broken quickstart.json and what to do, in one line and exit 1, for every command that reads it", async () => {
    await using dir = await makeTempDir("rerun-broken-state-");
    const state = join(dir.path, "quickstart.json");
    await writeFile(state, '{"ingestBaseUrl": "http://127.0.0.1:8787", "pid": ');
    for (const args of [["replays"], ["friction"], ["stop"]]) {
      const result = await runCli([...args, "--data-dir", dir.path]);
      expect(result.code, args[0]).toBe(1);
      expect(result.stderr, args[0]).toBe(
        `rerun: ${state} is not a rerun quickstart state file; delete it and run rerun quickstart\n`,
      );
    }
  });

  it("says which data dir it cannot write instead of an unexpected error", async () => {
    await using dir = await makeTempDir("rerun-unwritable-");
    // A data dir under a regular file cannot be made, whoever runs the test (root included).
    await writeFile(join(dir.path, "file"), "");
    const dataDir = join(dir.path, "file", "data");
    const result = await runCli(["quickstart", "--data-dir", dataDir, "--port", "0"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `rerun: cannot write the data dir ${dataDir} (ENOTDIR); pass --data-dir with a folder you can write\n`,
    );
  });

  it("fails with exit 2 on a bad flag value", async () => {
    const result = await runCli([
      "replays",
      "--limit",
      "abc",
      "--url",
      "http://127.0.0.1:9",
      "--read-key",
      "x".repeat(20),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--limit must be a positive integer/);
  });

  it("says the collector is unreachable when nothing listens at the URL", async () => {
    const result = await runCli(["replays", "--url", "http://127.0.0.1:9", "--read-key", "x".repeat(20)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unreachable/);
  });

  it("refuses an unknown flag or word with exit 2 and the usage line", async () => {
    for (
      const args of [["analyze", "--no-such-flag"], ["replays", "extra"], ["frob"], [
        "report",
        "build",
        "--lmit",
        "3",
      ]]
    ) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines[0]).toMatch(/^rerun: (unknown flag|unexpected argument|unknown command)/);
      expect(lines[1]).toMatch(/^usage: rerun /);
    }
  });

  it("says in one line why --server-image does not apply, and that --server-dir needs a checkout", async () => {
    const image = await runCli(["quickstart", "--server-image", "ghcr.io/example/rerun:1"]);
    expect(image.code).toBe(2);
    expect(image.stderr.split("\n")[0]).toMatch(/--server-image does not apply: .*Deno.*drop the flag/);
    const dir = await mkdtemp(join(tmpdir(), "rerun-not-a-checkout-"));
    const notCheckout = await runCli(["quickstart", "--server-dir", dir, "--data-dir", join(dir, ".rerun")]);
    expect(notCheckout.code).toBe(2);
    expect(notCheckout.stderr).toMatch(/is not a rerun source checkout \(no collector\/main\.ts\)/);
    await rm(dir, { recursive: true, force: true });
  });

  it("writes no colour codes into a pipe, even without NO_COLOR", async () => {
    const result = await runCli(["analyze", "--help"], {
      // citty colours unless NO_COLOR, CI or TEST is set: unset all three, as in a user's shell.
      env: { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined, TEST: undefined },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("rerun analyze");
    expect(result.stdout).not.toContain("\x1b[");
    expect(result.stdout).toMatch(/claude-sonnet-5-5.*gpt-5\.4-mini/);
  });

  it("prints help for every command", async () => {
    for (const command of ["quickstart", "stop", "replays"]) {
      const result = await runCli([command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).toContain(`rerun ${command}`);
    }
  });
});
