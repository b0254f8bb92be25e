/**
 * The collector's configuration, parsed from environment variables (SPEC §3). Pure: the caller passes the
 * environment as a plain record, so this runs under vitest as well as Deno. A bad value throws a
 * {@link ConfigError} that names the variable.
 */
import { z } from "zod";

const keyList = z.string().transform((s) => s.split(",").map((k) => k.trim()).filter((k) => k.length > 0))
  .pipe(z.array(z.string().min(16, "each key must be at least 16 characters")));

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) =>
  v === "true" || v === "1" || v === "yes"
);

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();

/** `600/minute`, `10/second`, `5000/hour` → events per window. */
const rateLimit = z.string().regex(/^\d+\/(second|minute|hour)$/, "must look like 600/minute").transform(
  (s) => {
    const [count, unit] = s.split("/") as [string, "second" | "minute" | "hour"];
    const windowMs = unit === "second" ? 1_000 : unit === "minute" ? 60_000 : 3_600_000;
    return { limit: Number(count), windowMs };
  },
);

/**
 * A route template: `/`-separated segments, each literal text, `:name` (one segment) or, last only,
 * `:name*` (the rest of the path, possibly empty).
 */
const ROUTE_TEMPLATE =
  /^\/(?:(?:[^/:*?#\s]+|:[A-Za-z_][A-Za-z0-9_]*)\/)*(?:[^/:*?#\s]+|:[A-Za-z_][A-Za-z0-9_]*\*?)?$/;
/** More templates than this is a list nobody maintains; each costs a match per finding. */
const MAX_ROUTE_TEMPLATES = 200;

const routeTemplateList = z.string().transform((s) =>
  s.split(",").map((t) => t.trim()).filter((t) => t !== "")
)
  .pipe(
    z.array(
      z.string().max(512).regex(
        ROUTE_TEMPLATE,
        "each template must look like /u/:handle or /docs/:slug* (segments of text or :name; :name* only last)",
      ),
    ).max(MAX_ROUTE_TEMPLATES),
  );

export const DEFAULT_CORS_ORIGINS = [
  "http://localhost:5173",
  "http://127.0.0.1:5173",
  "http://localhost:3000",
  "http://127.0.0.1:3000",
];

export const CollectorEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default("127.0.0.1"),
  PUBLIC_INGEST_KEYS: keyList.default([]),
  READ_KEYS: keyList.default([]),
  ADMIN_KEYS: keyList.default([]),
  CORS_ORIGINS: z.string().transform((s) => s.split(",").map((o) => o.trim()).filter((o) => o.length > 0))
    .pipe(z.array(z.union([z.literal("*"), z.url()]))).default(DEFAULT_CORS_ORIGINS),
  ALLOW_UNAUTHENTICATED_INGEST: bool.default(false),
  DATABASE_URL: z.string().regex(
    /^(file:|libsql:\/\/|https?:\/\/|:memory:)/,
    "must start with file:, libsql://, http(s):// or be :memory:",
  )
    .default("file:.rerun/rerun.db"),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  BLOB_STORE: z.enum(["fs", "s3"]).default("fs"),
  BLOB_DIR: z.string().min(1).default(".rerun/blobs"),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().optional(),
  S3_PREFIX: z.string().default(""),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  MAX_BODY_BYTES: positiveInt.default(2_000_000),
  MAX_EVENTS_PER_BATCH: positiveInt.default(5_000),
  MAX_REPLAY_SEQUENCE: nonNegativeInt.default(720),
  STORAGE_TIMEOUT_MS: positiveInt.default(10_000),
  MAX_SESSION_BYTES: nonNegativeInt.default(64 * 1024 * 1024),
  SERVER_SIDE_REDACTION: bool.default(true),
  MAX_STORED_STRING_BYTES: positiveInt.default(16_384),
  INGEST_RATE_LIMIT: rateLimit.default({ limit: 600, windowMs: 60_000 }),
  ADMIN_RATE_LIMIT: rateLimit.default({ limit: 60, windowMs: 60_000 }),
  READ_RATE_LIMIT: rateLimit.default({ limit: 1_200, windowMs: 60_000 }),
  AUTH_FAILURE_LIMIT: rateLimit.default({ limit: 10, windowMs: 60_000 }),
  LOCAL_RETENTION_DAYS: nonNegativeInt.default(30),
  ENABLE_METRICS: bool.default(true),
  METRICS_REQUIRE_AUTH: bool.default(true),
  /** Minutes without a batch after which a session is analysed and counted in friction issues (SPEC §8). */
  SESSION_SETTLE_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(30),
  /** A team's own route templates, first match wins (SPEC §8), e.g. `/u/:handle,/docs/:slug*`. */
  ROUTE_TEMPLATES: routeTemplateList.default([]),
}).superRefine((env, ctx) => {
  if (env.BLOB_STORE === "s3") {
    for (const name of ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
      if (!env[name]) {
        ctx.addIssue({ code: "custom", path: [name], message: "is required when BLOB_STORE=s3" });
      }
    }
  }
});
export type CollectorConfig = z.infer<typeof CollectorEnvSchema>;

/** Thrown when the environment holds a bad value; the message names each bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the collector's environment. Empty strings count as unset, so `PORT=` falls back to the default.
 *
 * @throws {ConfigError} naming every invalid variable and what it must look like.
 */
export function parseCollectorConfig(env: Record<string, string | undefined>): CollectorConfig {
  const known = Object.keys(CollectorEnvSchema.shape);
  const input: Record<string, string> = {};
  for (const name of known) {
    const value = env[name];
    if (value !== undefined && value !== "") input[name] = value;
  }
  const result = CollectorEnvSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    return `${name}=${JSON.stringify(input[name] ?? "")}: ${issue.message}`;
  });
  throw new ConfigError(`invalid collector configuration:\n  ${lines.join("\n  ")}`);
}
