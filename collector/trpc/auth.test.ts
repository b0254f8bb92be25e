import { describe, expect, it } from "vitest";
import { classifyKey, readRequestKey } from "./auth.ts";

const config = {
  PUBLIC_INGEST_KEYS: ["public_replay_aaaaaaaaaaaaaaaa"],
  READ_KEYS: ["read_replay_bbbbbbbbbbbbbbbb"],
  ADMIN_KEYS: ["admin_replay_cccccccccccccccc"],
};

describe("classifyKey", () => {
  it("tells public, read and admin keys apart", async () => {
    expect(await classifyKey(config, "public_replay_aaaaaaaaaaaaaaaa")).toBe("public");
    expect(await classifyKey(config, "read_replay_bbbbbbbbbbbbbbbb")).toBe("read");
    expect(await classifyKey(config, "admin_replay_cccccccccccccccc")).toBe("admin");
  });

  it("answers unknown for a near miss and none for no key", async () => {
    expect(await classifyKey(config, "public_replay_aaaaaaaaaaaaaaab")).toBe("unknown");
    expect(await classifyKey(config, "public_replay_aaaaaaaaaaaaaaa")).toBe("unknown");
    expect(await classifyKey(config, null)).toBe("none");
    expect(await classifyKey(config, "")).toBe("none");
  });
});

describe("readRequestKey", () => {
  it("reads x-rerun-key first, then a bearer token", () => {
    expect(readRequestKey(new Headers({ "x-rerun-key": "k1", authorization: "Bearer k2" }))).toBe("k1");
    expect(readRequestKey(new Headers({ authorization: "Bearer k2" }))).toBe("k2");
    expect(readRequestKey(new Headers({ authorization: "Basic k3" }))).toBeNull();
    expect(readRequestKey(new Headers())).toBeNull();
  });
});
