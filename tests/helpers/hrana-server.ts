/**
 * A loopback libSQL server for tests: Hrana over HTTP (protocol version 2, JSON, `POST /v2/pipeline`) on top
 * of the `libsql` engine, with bearer-token auth. No real libSQL server (sqld, `turso dev`) can be installed
 * here, so this is a **protocol-level stand-in**: it speaks what `@libsql/client/web` sends — streams held
 * by batons, `execute`, `batch` with step conditions, `sequence`, `describe`, `store_sql`/`close_sql`,
 * `get_autocommit`, `close`, typed values (64-bit integers as decimal strings, blobs as base64) — and runs the
 * SQL on a real libSQL database file. It does not replicate, does not do JWT, cursors or protobuf (v3), and
 * its `describe` answer is approximate.
 *
 *   await using server = await startHranaServer({ authToken: "secret" });
 *   createClient({ url: server.url, authToken: "secret" });
 *
 * Each stream owns one connection, as in sqld. A stream inside an explicit transaction holds the write turn:
 * requests of other streams wait (asynchronously) until it commits, rolls back, closes or expires, instead of
 * failing with SQLITE_BUSY. Idle streams expire after `streamIdleMs`; a baton is good for one request only.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { makeTempDir } from "./tmp.ts";

/** The slice of the `libsql` engine's better-sqlite3-style API used here. */
type EngineStatement = {
  reader: boolean;
  raw(on?: boolean): EngineStatement;
  safeIntegers(on?: boolean): EngineStatement;
  all(...params: unknown[]): unknown[][];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  columns(): Array<{ name: string; type: string | null }>;
};
type EngineDatabase = {
  inTransaction: boolean;
  prepare(sql: string): EngineStatement;
  exec(sql: string): void;
  close(): void;
};
type EngineConstructor = new (path: string, opts?: { timeout?: number }) => EngineDatabase;

const Engine = createRequire(import.meta.url)("libsql") as EngineConstructor;

export type RunningHranaServer = {
  /** `http://127.0.0.1:<port>`: the `DATABASE_URL` for the collector or a client. */
  url: string;
  authToken: string | undefined;
  /** The database file the server serves. */
  path: string;
  /** Pipeline requests answered so far (any status). */
  requests: () => number;
  stop(): Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
};

// ---- wire types (Hrana 2, JSON) ----

type WireValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };
type WireStmt = {
  sql?: string;
  sql_id?: number;
  args?: WireValue[];
  named_args?: Array<{ name: string; value: WireValue }>;
  want_rows?: boolean;
};
type WireCond =
  | { type: "ok" | "error"; step: number }
  | { type: "not"; cond: WireCond }
  | { type: "and" | "or"; conds: WireCond[] }
  | { type: "is_autocommit" };
type WireRequest =
  | { type: "close" }
  | { type: "execute"; stmt: WireStmt }
  | { type: "batch"; batch: { steps: Array<{ condition?: WireCond | null; stmt: WireStmt }> } }
  | { type: "sequence"; sql?: string; sql_id?: number }
  | { type: "describe"; sql?: string; sql_id?: number }
  | { type: "store_sql"; sql_id: number; sql: string }
  | { type: "close_sql"; sql_id: number }
  | { type: "get_autocommit" };
type WireError = { message: string; code?: string };
type StmtResult = {
  cols: Array<{ name: string; decltype: string | null }>;
  rows: WireValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
};

class HranaError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

type Stream = {
  id: string;
  conn: EngineDatabase;
  sqls: Map<number, string>;
  baton: string;
  timer: ReturnType<typeof setTimeout> | undefined;
};

export async function startHranaServer(
  opts: { authToken?: string; streamIdleMs?: number } = {},
): Promise<RunningHranaServer> {
  const dir = await makeTempDir("rerun-hrana-");
  const path = join(dir.path, "remote.db");
  const streamIdleMs = opts.streamIdleMs ?? 10_000;
  const setup = new Engine(path);
  setup.exec("PRAGMA journal_mode = WAL");
  setup.close();

  const streams = new Map<string, Stream>();
  let owner: Stream | null = null;
  let turnReleased: { promise: Promise<void>; resolve: () => void } | null = null;
  let answered = 0;

  const releaseTurn = (stream: Stream) => {
    if (owner !== stream) return;
    owner = null;
    turnReleased?.resolve();
    turnReleased = null;
  };

  const closeStream = (stream: Stream) => {
    clearTimeout(stream.timer);
    streams.delete(stream.baton);
    try {
      if (stream.conn.inTransaction) stream.conn.exec("ROLLBACK");
    } catch {
      // The connection is closed next anyway.
    }
    stream.conn.close();
    releaseTurn(stream);
  };

  const newBaton = (stream: Stream): string => {
    streams.delete(stream.baton);
    stream.baton = `${stream.id}.${randomBytes(12).toString("base64url")}`;
    streams.set(stream.baton, stream);
    clearTimeout(stream.timer);
    stream.timer = setTimeout(() => closeStream(stream), streamIdleMs);
    return stream.baton;
  };

  const handlePipeline = async (body: { baton?: string | null; requests?: WireRequest[] }) => {
    let stream: Stream;
    if (body.baton) {
      const found = streams.get(body.baton);
      if (!found) throw new HttpFailure(400, "the baton is unknown, already used or its stream expired");
      stream = found;
      clearTimeout(stream.timer);
    } else {
      stream = {
        id: randomBytes(6).toString("hex"),
        conn: new Engine(path, { timeout: 5 }),
        sqls: new Map(),
        baton: "",
        timer: undefined,
      };
    }
    while (owner !== null && owner !== stream) {
      turnReleased ??= waiter();
      await turnReleased.promise;
    }
    const results: unknown[] = [];
    let closed = false;
    for (const request of body.requests ?? []) {
      if (closed) {
        results.push({ type: "error", error: { message: "the stream is closed", code: "STREAM_CLOSED" } });
        continue;
      }
      try {
        results.push({ type: "ok", response: runRequest(stream, request) });
        if (request.type === "close") closed = true;
      } catch (error) {
        results.push({ type: "error", error: toWireError(error) });
      }
    }
    if (closed) {
      closeStream(stream);
      return { baton: null, base_url: null, results };
    }
    if (stream.conn.inTransaction) owner = stream;
    else releaseTurn(stream);
    return { baton: newBaton(stream), base_url: null, results };
  };

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(res, 500, { message: error instanceof Error ? error.message : "internal" });
      } else res.destroy();
    });
  });

  const handleHttp = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (opts.authToken !== undefined && req.headers.authorization !== `Bearer ${opts.authToken}`) {
      await drain(req);
      return sendJson(res, 401, { message: "Authentication failed: a valid bearer token is required" });
    }
    if (
      req.method === "GET" && (url.pathname === "/" || url.pathname === "/health" || url.pathname === "/v2")
    ) {
      await drain(req);
      return sendText(res, 200, "");
    }
    if (req.method === "POST" && url.pathname === "/v2/pipeline") {
      let body: { baton?: string | null; requests?: WireRequest[] };
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch {
        return sendJson(res, 400, { message: "the request body is not JSON" });
      }
      try {
        const answer = await handlePipeline(body);
        answered++;
        return sendJson(res, 200, answer);
      } catch (error) {
        if (error instanceof HttpFailure) return sendJson(res, error.status, { message: error.message });
        throw error;
      }
    }
    await drain(req);
    return sendText(res, 404, "not found");
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const stop = async () => {
    for (const stream of [...streams.values()]) closeStream(stream);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await dir[Symbol.asyncDispose]();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    authToken: opts.authToken,
    path,
    requests: () => answered,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function waiter(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

class HttpFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

// ---- requests ----

function runRequest(stream: Stream, request: WireRequest): unknown {
  switch (request.type) {
    case "close":
      return { type: "close" };
    case "execute":
      return { type: "execute", result: executeStmt(stream, request.stmt) };
    case "batch":
      return { type: "batch", result: executeBatch(stream, request.batch.steps) };
    case "sequence":
      stream.conn.exec(sqlOf(stream, request));
      return { type: "sequence" };
    case "describe": {
      const stmt = stream.conn.prepare(sqlOf(stream, request));
      const cols = stmt.reader ? stmt.columns().map((c) => ({ name: c.name, decltype: c.type })) : [];
      // Approximate: the engine does not expose parameter names or EXPLAIN-ness.
      return {
        type: "describe",
        result: {
          params: [],
          cols,
          is_explain: /^\s*explain\b/i.test(sqlOf(stream, request)),
          is_readonly: stmt.reader,
        },
      };
    }
    case "store_sql":
      stream.sqls.set(request.sql_id, request.sql);
      return { type: "store_sql" };
    case "close_sql":
      stream.sqls.delete(request.sql_id);
      return { type: "close_sql" };
    case "get_autocommit":
      return { type: "get_autocommit", is_autocommit: !stream.conn.inTransaction };
    default:
      throw new HranaError(
        `unknown request type ${JSON.stringify((request as { type?: unknown }).type)}`,
        "PROTOCOL",
      );
  }
}

function sqlOf(stream: Stream, holder: { sql?: string; sql_id?: number }): string {
  if (typeof holder.sql === "string") return holder.sql;
  if (typeof holder.sql_id === "number") {
    const sql = stream.sqls.get(holder.sql_id);
    if (sql !== undefined) return sql;
    throw new HranaError(`SQL text ${holder.sql_id} is not stored on this stream`, "SQL_NOT_FOUND");
  }
  throw new HranaError("a statement needs sql or sql_id", "PROTOCOL");
}

function executeStmt(stream: Stream, wire: WireStmt): StmtResult {
  const conn = stream.conn;
  const stmt = conn.prepare(sqlOf(stream, wire));
  const params = bindParams(wire);
  const before = totalChanges(conn);
  if (stmt.reader) {
    stmt.raw(true).safeIntegers(true);
    const rows = stmt.all(...params);
    const cols = stmt.columns().map((c) => ({ name: c.name, decltype: c.type }));
    const changed = totalChanges(conn) - before;
    return {
      cols,
      rows: wire.want_rows === false ? [] : rows.map((row) => row.map(toWireValue)),
      affected_row_count: changed,
      last_insert_rowid: changed > 0 ? lastInsertRowid(conn) : null,
    };
  }
  const info = stmt.run(...params);
  const changed = totalChanges(conn) - before;
  return {
    cols: [],
    rows: [],
    affected_row_count: changed > 0 ? info.changes : 0,
    last_insert_rowid: String(info.lastInsertRowid),
  };
}

function executeBatch(
  stream: Stream,
  steps: Array<{ condition?: WireCond | null; stmt: WireStmt }>,
): { step_results: Array<StmtResult | null>; step_errors: Array<WireError | null> } {
  const step_results: Array<StmtResult | null> = [];
  const step_errors: Array<WireError | null> = [];
  const holds = (cond: WireCond): boolean => {
    switch (cond.type) {
      case "ok":
        return step_results[cond.step] != null;
      case "error":
        return step_errors[cond.step] != null;
      case "not":
        return !holds(cond.cond);
      case "and":
        return cond.conds.every(holds);
      case "or":
        return cond.conds.some(holds);
      case "is_autocommit":
        return !stream.conn.inTransaction;
      default:
        throw new HranaError("unknown batch condition", "PROTOCOL");
    }
  };
  for (const step of steps) {
    if (step.condition && !holds(step.condition)) {
      step_results.push(null);
      step_errors.push(null);
      continue;
    }
    try {
      step_results.push(executeStmt(stream, step.stmt));
      step_errors.push(null);
    } catch (error) {
      step_results.push(null);
      step_errors.push(toWireError(error));
    }
  }
  return { step_results, step_errors };
}

function bindParams(wire: WireStmt): unknown[] {
  const named = wire.named_args ?? [];
  const positional = (wire.args ?? []).map(fromWireValue);
  if (named.length === 0) return positional;
  if (positional.length > 0) {
    throw new HranaError("mixing positional and named arguments is not supported here", "ARGS_INVALID");
  }
  // Hrana names carry their prefix (`:a`, `@a`, `$a`); the engine binds by the bare name.
  const byName: Record<string, unknown> = {};
  for (const { name, value } of named) byName[name.replace(/^[:@$]/, "")] = fromWireValue(value);
  return [byName];
}

function fromWireValue(value: WireValue): unknown {
  switch (value.type) {
    case "null":
      return null;
    case "integer":
      return BigInt(value.value);
    case "float":
      return value.value;
    case "text":
      return value.value;
    case "blob":
      return Buffer.from(value.base64, "base64");
    default:
      throw new HranaError("unknown value type", "PROTOCOL");
  }
}

function toWireValue(value: unknown): WireValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  if (typeof value === "number") {
    // Integers arrive as bigint (safeIntegers), so a number is always a REAL.
    return { type: "float", value };
  }
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) return { type: "blob", base64: Buffer.from(value).toString("base64") };
  throw new HranaError(`cannot encode a ${typeof value} column value`, "PROTOCOL");
}

function totalChanges(conn: EngineDatabase): number {
  const row = conn.prepare("SELECT total_changes()").raw(true).all()[0];
  return Number(row?.[0] ?? 0);
}

function lastInsertRowid(conn: EngineDatabase): string {
  const row = conn.prepare("SELECT last_insert_rowid()").raw(true).safeIntegers(true).all()[0];
  return String(row?.[0] ?? 0);
}

function toWireError(error: unknown): WireError {
  if (error instanceof HranaError) return { message: error.message, code: error.code };
  const e = error as { message?: unknown; code?: unknown };
  const message = typeof e.message === "string" ? e.message : String(error);
  return { message, code: typeof e.code === "string" ? e.code : "SQLITE_ERROR" };
}

// ---- HTTP plumbing ----

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // Discard.
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
