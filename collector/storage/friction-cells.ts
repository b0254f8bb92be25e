/**
 * Upkeep of the daily rollups that SQL cannot do alone (see `friction-write.ts`):
 *
 * - folding: users added since the last fold sit in `users_pending` (a JSON array of hashes); folding merges
 *   them into the `users` sketch. Reads merge both, so folding only keeps the pending lists short.
 * - rebuilding: a cell marked `stale` (a session left it) gets its sessions, occurrences, first and last
 *   occurrence and users sketch recomputed from its finding rows; an issue marked stale gets its first and
 *   last occurrence and release recomputed from its cells.
 *
 * Each write is conditional on the cell's `version` being the one read, so a fold or rebuild computed while a
 * session was being added is dropped (and redone next time) instead of overwriting the newer state.
 */
import type { InStatement } from "@libsql/client/web";
import type { Database } from "./db.ts";
import { SERIES_STATEMENTS } from "./friction-write.ts";
import {
  addHashes,
  decodeSketch,
  emptySketch,
  encodeSketch,
  hashUserKey,
  type UsersSketch,
} from "../friction/users-sketch.ts";

export type CellKey = { fingerprint: string; day: number; release: string };

/** Cells handled per round: bounded work between two yields of the settle loop. */
export const CELLS_PER_ROUND = 200;

type CellRow = CellKey & { users: ArrayBuffer | null; pending: string | null; version: number };

function parsePending(pending: string | null): number[] {
  if (pending === null) return [];
  try {
    const values = JSON.parse(pending) as unknown;
    return Array.isArray(values) ? values.filter((v): v is number => typeof v === "number") : [];
  } catch {
    return [];
  }
}

/** The users of one cell: its sketch with its pending hashes added. */
export function cellUsers(users: ArrayBuffer | Uint8Array | null, pending: string | null): UsersSketch {
  const sketch = decodeSketch(users instanceof ArrayBuffer ? new Uint8Array(users) : users);
  const hashes = parsePending(pending);
  return hashes.length > 0 ? addHashes(sketch, hashes) : sketch;
}

/** Folds the pending users of up to `limit` cells into their sketches; answers how many were folded. */
export async function foldPendingUsers(db: Database, limit = CELLS_PER_ROUND): Promise<number> {
  const rows = await db.$client.execute({
    sql: `select fingerprint, day, release, users, users_pending as pending, version from friction_daily
      where users_pending is not null limit ?`,
    args: [limit],
  });
  if (rows.rows.length === 0) return 0;
  const statements = (rows.rows as unknown as CellRow[]).map((row) => ({
    sql: `update friction_daily set users = ?, users_pending = null, version = version + 1
      where fingerprint = ? and day = ? and release = ? and version = ?`,
    args: [
      encodeSketch(cellUsers(row.users, row.pending)),
      row.fingerprint,
      row.day,
      row.release,
      row.version,
    ],
  }));
  return changed(await db.$client.batch(statements, "write"));
}

/** Rows the statements changed: a conditional write that lost to a newer version changed none. */
function changed(results: ReadonlyArray<{ rowsAffected: number }>): number {
  return results.reduce((sum, r) => sum + r.rowsAffected, 0);
}

/** Recomputes up to `limit` stale cells from their finding rows; answers how many were rebuilt. */
export async function rebuildStaleCells(db: Database, limit = CELLS_PER_ROUND): Promise<number> {
  const stale = await db.$client.execute({
    sql: "select fingerprint, day, release, version from friction_daily where stale = 1 limit ?",
    args: [limit],
  });
  if (stale.rows.length === 0) return 0;
  const touched: InStatement[] = [];
  const statements: InStatement[] = [];
  for (const cell of stale.rows as unknown as Array<CellKey & { version: number }>) {
    touched.push({
      sql: "insert or ignore into friction_touched (fingerprint, release) values (?, ?)",
      args: [cell.fingerprint, cell.release],
    });
    const rows = await db.$client.execute({
      sql: `select session_id, user_key, at, occurrences from friction_findings
        where fingerprint = ? and day = ? and release = ?`,
      args: [cell.fingerprint, cell.day, cell.release],
    });
    const findings = rows.rows as unknown as Array<
      { session_id: string; user_key: string; at: number; occurrences: number }
    >;
    if (findings.length === 0) {
      statements.push({
        sql: "delete from friction_daily where fingerprint = ? and day = ? and release = ? and version = ?",
        args: [cell.fingerprint, cell.day, cell.release, cell.version],
      });
      continue;
    }
    const users = new Set<string>();
    const sessions = new Set<string>();
    let occurrences = 0;
    let first = Infinity;
    let last = -Infinity;
    for (const f of findings) {
      users.add(f.user_key);
      sessions.add(f.session_id);
      occurrences += Number(f.occurrences);
      first = Math.min(first, f.at);
      last = Math.max(last, f.at);
    }
    const sketch = addHashes(emptySketch(), [...users].map(hashUserKey));
    statements.push({
      sql: `update friction_daily set sessions = ?, occurrences = ?, first_at = ?, last_at = ?, users = ?,
          users_pending = null, stale = 0, version = version + 1
        where fingerprint = ? and day = ? and release = ? and version = ?`,
      args: [
        sessions.size,
        occurrences,
        first,
        last,
        encodeSketch(sketch),
        cell.fingerprint,
        cell.day,
        cell.release,
        cell.version,
      ],
    });
  }
  // The series of the rebuilt cells are rewritten in the same transaction.
  const results = await db.$client.batch([...touched, ...statements, ...SERIES_STATEMENTS], "write");
  return changed(results.slice(touched.length, touched.length + statements.length));
}

/** Recomputes first/last occurrence and release of up to `limit` stale issues from their cells. */
export async function rebuildStaleIssues(db: Database, limit = CELLS_PER_ROUND): Promise<number> {
  const stale = await db.$client.execute({
    sql: "select fingerprint from friction_issues where stale = 1 limit ?",
    args: [limit],
  });
  if (stale.rows.length === 0) return 0;
  const fingerprints = JSON.stringify(stale.rows.map((r) => r.fingerprint));
  // SQLite's bare columns of min()/max() come from the row holding the extreme: its release.
  await db.$client.batch([
    {
      sql: `update friction_issues set first_at = f.first_at, first_release = f.release, stale = 0
        from (select fingerprint, release, min(first_at) as first_at from friction_daily
          where fingerprint in (select value from json_each(?)) group by fingerprint) as f
        where friction_issues.fingerprint = f.fingerprint`,
      args: [fingerprints],
    },
    {
      sql: `update friction_issues set last_at = l.last_at, last_release = l.release, stale = 0
        from (select fingerprint, release, max(last_at) as last_at from friction_daily
          where fingerprint in (select value from json_each(?)) group by fingerprint) as l
        where friction_issues.fingerprint = l.fingerprint`,
      args: [fingerprints],
    },
    // An issue with no cell left keeps its dates (and its status) until a new occurrence.
    {
      sql: "update friction_issues set stale = 0 where fingerprint in (select value from json_each(?))",
      args: [fingerprints],
    },
  ], "write");
  return stale.rows.length;
}

/**
 * Rebuilds stale cells and issues and folds pending users, a round at a time, until a round changes
 * nothing (none left, or each lost to a concurrent change and waits for the next call).
 */
export async function settleRollups(db: Database): Promise<void> {
  while (await rebuildStaleCells(db) > 0) { /* until no stale cell is left */ }
  while (await rebuildStaleIssues(db) > 0) { /* until no stale issue is left */ }
  while (await foldPendingUsers(db) > 0) { /* until nothing is pending */ }
}
