/** Start-up of the real collector: bad configuration stops it with a message naming the variable. */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { CollectorExitedError, startCollector } from "../helpers/collector.ts";

describe("collector start-up", () => {
  it("prints its listening line, answers /health and exits 0 on SIGTERM", async () => {
    const collector = await startCollector();
    expect(collector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${collector.url}/health`)).json()).toMatchObject({ ok: true, status: "ok" });
    await collector.stop();
    expect(collector.exitCode()).toBe(0);
  });

  it("exits with code 1 naming PORT when PORT is not a number", async () => {
    const error = await startCollector({ env: { PORT: "abc" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CollectorExitedError);
    expect((error as CollectorExitedError).code).toBe(1);
    expect((error as CollectorExitedError).stderr).toContain("PORT");
  });

  it("exits with code 1 naming READ_KEYS when a key is too short", async () => {
    const error = await startCollector({ env: { READ_KEYS: "short" } }).catch((e: unknown) => e);
    expect((error as CollectorExitedError).code).toBe(1);
    expect((error as CollectorExitedError).stderr).toContain("READ_KEYS");
  });

  it("exits with code 1 naming the port when it is taken (issue 28), so a supervisor restarts it", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const error = await startCollector({ env: { PORT: String(port) } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CollectorExitedError);
      expect((error as CollectorExitedError).code).toBe(1);
      expect((error as CollectorExitedError).stderr).toContain(
        `cannot listen on 127.0.0.1:${port} (AddrInUse)`,
      );
    } finally {
      taken.close();
    }
  });
});
