/**
 * The typed tRPC client every command uses to talk to the collector. Typed by the collector's router, so
 * `tsc --noEmit` fails when a command sends a wrong input or reads a field that does not exist.
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../collector/router.ts";
import { CliError } from "./errors.ts";

export type CollectorClient = ReturnType<typeof createCollectorClient>;

/** A client that sends `key` as `Authorization: Bearer`; never in the URL. */
export function createCollectorClient(url: string, key: string | undefined) {
  return createTRPCClient<AppRouter>({
    links: [
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
