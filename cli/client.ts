/**
 * The typed tRPC client every command uses to talk to the collector. Typed by the collector's router, so
 * `tsc --noEmit` fails when a command sends a wrong input or reads a field that does not exist.
 */
import { createTRPCClient, httpLink, retryLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../collector/router.ts";
import { CliError } from "./errors.ts";
import { note } from "./output.ts";

export type CollectorClient = ReturnType<typeof createCollectorClient>;

/** How often a call the collector turned away for now (429, 503) is tried again, and the longest wait. */
const RETRY = { attempts: 4, maxDelayMs: 30_000, firstDelayMs: 1_000 };

/**
 * The wait before retry `attempt` (0-based): the collector's `Retry-After` when it sent one, else 1, 2, 4 s;
 * never more than 30 s. Only 429 (rate limited) and 503 (storage unavailable) are retried: the collector did
 * nothing with such a call, so a retry cannot apply it twice.
 */
export function retryDelayMs(attempt: number, retryAfterS: number | null): number {
  const ms = retryAfterS !== null && Number.isFinite(retryAfterS) && retryAfterS >= 0
    ? retryAfterS * 1_000
    : RETRY.firstDelayMs * 2 ** attempt;
  return Math.min(ms, RETRY.maxDelayMs);
}

/** A client that sends `key` as `Authorization: Bearer`; never in the URL. */
export function createCollectorClient(url: string, key: string | undefined) {
  let retryAfterS: number | null = null;
  return createTRPCClient<AppRouter>({
    links: [
      retryLink({
        retry: ({ error, attempts, op }) => {
          const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
          if ((status !== 429 && status !== 503) || attempts >= RETRY.attempts) return false;
          const header = (error.meta?.response as Response | undefined)?.headers.get("retry-after");
          retryAfterS = header ? Number(header) : null;
          note(
            `rerun: ${op.path} answered ${status}; retrying in ${
              Math.ceil(retryDelayMs(attempts - 1, retryAfterS) / 1_000)
            } s`,
          );
          return true;
        },
        retryDelayMs: (attempts) => retryDelayMs(attempts - 1, retryAfterS),
      }),
      httpLink({
        url: `${url}/trpc`,
        headers: () => (key ? { authorization: `Bearer ${key}` } : {}),
      }),
    ],
  });
}

/**
 * Runs one collector call and turns any failure into a one-line `CliError` that names the procedure, the
 * URL, the HTTP status and what to do.
 */
export async function callCollector<T>(url: string, procedure: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw describeCallError(url, procedure, error);
  }
}

function describeCallError(url: string, procedure: string, error: unknown): CliError {
  const where = `"${url}/trpc/${procedure}"`;
  if (error instanceof TRPCClientError) {
    const data = error.data as { httpStatus?: number; code?: string } | undefined;
    const status = data?.httpStatus;
    if (status === undefined) {
      return new CliError(
        "collector_unreachable",
        `${where}: collector unreachable (${
          rootCause(error)
        }); is it running? try \`rerun quickstart\` or check --url`,
      );
    }
    const hint = status === 401
      ? "; check --read-key / RERUN_READ_KEY"
      : status === 403
      ? "; this key is of the wrong kind (use a read or admin key)"
      : "";
    return new CliError(
      "collector_refused",
      `${where}: ${status} ${data?.code ?? ""} (${error.message})${hint}`,
    );
  }
  return new CliError("collector_unreachable", `${where}: ${rootCause(error)}`);
}

function rootCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause; depth++) {
    current = current.cause;
  }
  if (current instanceof Error) {
    const code = (current as Error & { code?: string }).code;
    return code ? `${code}: ${current.message}` : current.message;
  }
  return String(current);
}
