/**
 * One-line JSON logs. Callers pass only content-free fields (method, path without query, status, error
 * names): never a key, a query string, a session's events or a URL a user visited.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export type Logger = {
  info(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
};

export function createLogger(write: (line: string) => void): Logger {
  const log = (level: string, message: string, fields?: LogFields) =>
    write(JSON.stringify({ level, message, ...fields, at: new Date().toISOString() }));
  return {
    info: (message, fields) => log("info", message, fields),
    error: (message, fields) => log("error", message, fields),
  };
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = { info: () => {}, error: () => {} };
