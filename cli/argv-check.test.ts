import { defineCommand } from "citty";
import { describe, expect, it } from "vitest";
import { checkArgv } from "./argv-check.ts";

const analyze = defineCommand({
  meta: { name: "analyze" },
  args: {
    latest: { type: "boolean" },
    session: { type: "string" },
    "read-key": { type: "string" },
    json: { type: "boolean", alias: "j" },
  },
});
const show = defineCommand({ meta: { name: "show" }, args: { fingerprint: { type: "positional" } } });
const root = defineCommand({
  meta: { name: "rerun" },
  subCommands: {
    analyze: () => analyze,
    friction: () => defineCommand({ subCommands: { show: () => show } }),
  },
});

const check = (...argv: string[]) => checkArgv(root, argv);

describe("checkArgv", () => {
  it("passes every declared flag, spelling and value form", async () => {
    expect(await check("analyze", "--session", "s1", "--read-key=k", "--readKey", "k", "--latest", "-j"))
      .toBeNull();
    expect(await check("analyze", "--no-latest", "--help")).toBeNull();
    expect(await check("friction", "show", "fp_0123")).toBeNull();
    expect(await check("--version")).toBeNull();
  });

  it("names the first unknown flag, extra word or command, and where", async () => {
    expect(await check("analyze", "--latest", "--no-such-flag")).toEqual({
      path: ["analyze"],
      message: "unknown flag --no-such-flag",
    });
    expect(await check("analyze", "--no-session")).toMatchObject({ message: "unknown flag --no-session" });
    expect(await check("analyze", "extra")).toEqual({
      path: ["analyze"],
      message: 'unexpected argument "extra"',
    });
    expect(await check("friction", "show", "fp_1", "fp_2")).toMatchObject({ path: ["friction", "show"] });
    expect(await check("frob")).toEqual({ path: [], message: 'unknown command "frob"' });
    expect(await check("analyze", "--session")).toMatchObject({ message: "--session needs a value" });
  });

  it("explains the seed's --server-image instead of calling it unknown", async () => {
    expect((await check("analyze", "--server-image", "img"))?.message).toMatch(
      /^--server-image does not apply/,
    );
  });
});
