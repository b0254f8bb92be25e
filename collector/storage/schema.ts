/**
 * The collector's metadata tables (drizzle, SQLite/libSQL). Event content never lives here: it stays in
 * gzip blobs, one per batch, and these tables hold one row per batch and one per session (SPEC §3; one row
 * per event would cap ingest at the database's row rate). Times are epoch milliseconds.
 */
import {
  index,
  integer,
  primaryKey,
  type SQLiteColumn,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

// The friction tables live in their own file; re-exported so drizzle-kit and `db.ts` see one schema.
export * from "./friction-schema.ts";

export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  appId: text("app_id").notNull(),
  /** Timestamp of the earliest event seen (client clock). */
  startedAt: integer("started_at").notNull(),
  /** Timestamp of the latest event seen (client clock). */
  lastEventAt: integer("last_event_at").notNull(),
  /** When the collector last stored a batch of this session (server clock). */
  lastSeenAt: integer("last_seen_at").notNull(),
  eventCount: integer("event_count").notNull().default(0),
  batchCount: integer("batch_count").notNull().default(0),
  windowCount: integer("window_count").notNull().default(0),
  /**
   * Uncompressed JSON bytes of the session's stored batches, what every reader of the session must parse;
   * bounded by MAX_SESSION_BYTES. Batches stored before the column existed count with their gzip size.
   */
  rawBytes: integer("raw_bytes").notNull().default(0),
  userId: text("user_id"),
  trigger: text("trigger"),
  /** JSON of the `ConsentRecord` the SDK sent with the session. */
  consent: text("consent"),
  /** The app's release (SDK option `release`), the latest one sent. */
  release: text("release"),
  /**
   * When the session settles and is analysed for friction issues (SPEC §8): its latest batch's arrival plus
   * SESSION_SETTLE_MINUTES, or plus a short grace when that batch was final.
   */
  settleDueAt: integer("settle_due_at"),
}, (t) => [
  index("sessions_started_at_idx").on(t.startedAt, t.id),
  index("sessions_app_started_idx").on(t.appId, t.startedAt),
  index("sessions_settle_due_idx").on(t.settleDueAt, t.id),
]);

export const windows = sqliteTable("windows", {
  sessionId: text("session_id").notNull(),
  windowId: text("window_id").notNull(),
  firstSeenAt: integer("first_seen_at").notNull(),
  batchCount: integer("batch_count").notNull().default(0),
}, (t) => [primaryKey({ columns: [t.sessionId, t.windowId] })]);

/**
 * The columns of a stored batch, in both streams' tables: its idempotency key (sessionId, windowId, sequence),
 * its blob and the blob's size. A function, so each table gets column builders of its own.
 */
const storedBatchColumns = () => ({
  sessionId: text("session_id").notNull(),
  windowId: text("window_id").notNull(),
  sequence: integer("sequence").notNull(),
  blobKey: text("blob_key").notNull(),
  eventCount: integer("event_count").notNull(),
  /** Size of the stored (gzip) blob. */
  bytes: integer("bytes").notNull(),
});

/** The idempotency key of ingest: a retried batch hits this unique index and is acknowledged as a duplicate. */
const idempotencyKey = (
  name: string,
  t: { sessionId: SQLiteColumn; windowId: SQLiteColumn; sequence: SQLiteColumn },
) => uniqueIndex(name).on(t.sessionId, t.windowId, t.sequence);

export const batches = sqliteTable("batches", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  ...storedBatchColumns(),
  firstTs: integer("first_ts"),
  lastTs: integer("last_ts"),
  receivedAt: integer("received_at").notNull(),
}, (t) => [idempotencyKey("batches_session_window_sequence_idx", t)]);

/**
 * Pages a session visited. A table rather than a JSON column so that concurrent batches of one session can
 * add pages with a plain upsert; `firstTs` orders them by first visit even when batches arrive out of order.
 */
export const sessionPages = sqliteTable("session_pages", {
  sessionId: text("session_id").notNull(),
  url: text("url").notNull(),
  firstTs: integer("first_ts").notNull(),
}, (t) => [primaryKey({ columns: [t.sessionId, t.url] })]);

/**
 * Every user id a session's batches carried. `sessions.userId` holds only the latest (`identify` may change
 * it mid-session), and deletion by user must find a session by any id it ever carried.
 */
export const sessionUsers = sqliteTable("session_users", {
  sessionId: text("session_id").notNull(),
  userId: text("user_id").notNull(),
}, (t) => [
  primaryKey({ columns: [t.sessionId, t.userId] }),
  index("session_users_user_idx").on(t.userId),
]);

/** Batches of the value-free behavioral stream (`ingest.behavioral`); same idempotency key as `batches`. */
export const behavioralBatches = sqliteTable("behavioral_batches", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  appId: text("app_id").notNull(),
  ...storedBatchColumns(),
  receivedAt: integer("received_at").notNull(),
}, (t) => [idempotencyKey("behavioral_session_window_sequence_idx", t)]);

/**
 * Refused ingest requests, content-free (SPEC §3 `admin.refusals`): one row per (reason, origin, appId, hour),
 * upserted in bounded batches from the in-memory counts, never once per request. `origin` and `appId` are ''
 * when absent, so the primary key can match them. Rows older than a few days are pruned.
 */
export const refusals = sqliteTable("refusals", {
  reason: text("reason").notNull(),
  origin: text("origin").notNull(),
  appId: text("app_id").notNull(),
  /** Start of the hour the counts fall in. */
  hour: integer("hour").notNull(),
  count: integer("count").notNull(),
  firstAt: integer("first_at").notNull(),
  lastAt: integer("last_at").notNull(),
}, (t) => [
  primaryKey({ columns: [t.reason, t.origin, t.appId, t.hour] }),
  index("refusals_last_at_idx").on(t.lastAt),
]);
