/**
 * Whether a database refusal says `pattern`. drizzle wraps driver errors, so the database's message may sit a
 * few `cause`s deep.
 */
export function causeMatches(error: unknown, pattern: RegExp): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (pattern.test(String((e as { message?: unknown }).message ?? ""))) return true;
  }
  return false;
}

/** A unique index of `table` refused the row: another copy of the same batch was stored first. */
export function isUniqueViolation(error: unknown, table: "batches" | "behavioral_batches"): boolean {
  return causeMatches(error, table === "batches" ? BATCHES_UNIQUE : BEHAVIORAL_UNIQUE);
}

const BATCHES_UNIQUE = /UNIQUE constraint failed: batches\./;
const BEHAVIORAL_UNIQUE = /UNIQUE constraint failed: behavioral_batches\./;
