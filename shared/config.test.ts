import { describe, expect, it } from "vitest";
import { ConfigError, parseCollectorConfig } from "./config.ts";

describe("parseCollectorConfig", () => {
  it("applies the SPEC §3 defaults to an empty environment", () => {
    const config = parseCollectorConfig({});
    expect(config).toMatchObject({
      PORT: 8787,
      HOST: "127.0.0.1",
      DATABASE_URL: "file:.rerun/rerun.db",
      BLOB_STORE: "fs",
      BLOB_DIR: ".rerun/blobs",
      MAX_BODY_BYTES: 2_000_000,
      MAX_EVENTS_PER_BATCH: 5_000,
      MAX_REPLAY_SEQUENCE: 720,
      SERVER_SIDE_REDACTION: true,
      MAX_STORED_STRING_BYTES: 16_384,
      INGEST_RATE_LIMIT: { limit: 600, windowMs: 60_000 },
      ADMIN_RATE_LIMIT: { limit: 60, windowMs: 60_000 },
      LOCAL_RETENTION_DAYS: 30,
      ENABLE_METRICS: true,
      METRICS_REQUIRE_AUTH: true,
      ALLOW_UNAUTHENTICATED_INGEST: false,
    });
    expect(config.CORS_ORIGINS).toContain("http://localhost:5173");
  });

  it("splits key lists and ignores blanks", () => {
    const config = parseCollectorConfig({
      READ_KEYS: " read_replay_aaaaaaaaaaaaaaaa , ,read_replay_bbbbbbbbbbbbbbbb",
    });
    expect(config.READ_KEYS).toEqual(["read_replay_aaaaaaaaaaaaaaaa", "read_replay_bbbbbbbbbbbbbbbb"]);
  });

  it.each([
    ["PORT", "abc"],
    ["MAX_BODY_BYTES", "-5"],
    ["INGEST_RATE_LIMIT", "fast"],
    ["BLOB_STORE", "gcs"],
    ["DATABASE_URL", "postgres://x"],
    ["PUBLIC_INGEST_KEYS", "short"],
    ["SERVER_SIDE_REDACTION", "maybe"],
  ])("stops with a message naming %s=%s", (name, value) => {
    expect(() => parseCollectorConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseCollectorConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it("requires the S3 settings when BLOB_STORE=s3", () => {
    expect(() => parseCollectorConfig({ BLOB_STORE: "s3" })).toThrow(/S3_BUCKET.*required/s);
  });
});

describe("parseCollectorConfig: friction issues", () => {
  it("settles after 30 minutes and has no route templates by default", () => {
    expect(parseCollectorConfig({})).toMatchObject({ SESSION_SETTLE_MINUTES: 30, ROUTE_TEMPLATES: [] });
  });

  it("reads route templates and a settle time of 0", () => {
    expect(
      parseCollectorConfig({ SESSION_SETTLE_MINUTES: "0", ROUTE_TEMPLATES: " /u/:handle , /docs/:slug* " }),
    )
      .toMatchObject({ SESSION_SETTLE_MINUTES: 0, ROUTE_TEMPLATES: ["/u/:handle", "/docs/:slug*"] });
  });

  it("names the variable of a bad template or settle time", () => {
    expect(() => parseCollectorConfig({ ROUTE_TEMPLATES: "/docs/:slug*/edit" })).toThrow(/ROUTE_TEMPLATES=/);
    expect(() => parseCollectorConfig({ ROUTE_TEMPLATES: "docs/:slug" })).toThrow(ConfigError);
    expect(() => parseCollectorConfig({ SESSION_SETTLE_MINUTES: "-1" })).toThrow(/SESSION_SETTLE_MINUTES=/);
  });
});
