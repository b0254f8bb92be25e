/**
 * Where a command finds the collector and its keys: flags first, then `RERUN_URL` / `RERUN_READ_KEY` /
 * `RERUN_ADMIN_KEY` / `RERUN_PUBLIC_KEY`, then `<data-dir>/quickstart.json` (SPEC §5).
 */
import { CliError } from "./errors.ts";
import { DEFAULT_DATA_DIR, readState } from "./state.ts";

export type Target = {
  url: string;
  readKey?: string;
  adminKey?: string;
  publicKey?: string;
};

export type TargetFlags = {
  url?: string;
  readKey?: string;
  adminKey?: string;
  publicKey?: string;
  dataDir?: string;
};

/** Resolves the collector URL and keys; throws a `CliError` that says how to provide them. */
export async function resolveTarget(
  flags: TargetFlags,
  env: Record<string, string | undefined> = process.env,
): Promise<Target> {
  const state = await readState(flags.dataDir ?? DEFAULT_DATA_DIR);
  const url = flags.url ?? env.RERUN_URL ?? state?.ingestBaseUrl;
  if (!url) {
    throw new CliError(
      "not_configured",
      "no collector found: run `rerun quickstart`, or pass --url / set RERUN_URL with RERUN_READ_KEY",
    );
  }
  return {
    url: url.replace(/\/+$/, ""),
    readKey: flags.readKey ?? env.RERUN_READ_KEY ?? state?.readKey,
    adminKey: flags.adminKey ?? env.RERUN_ADMIN_KEY ?? state?.adminKey,
    publicKey: flags.publicKey ?? env.RERUN_PUBLIC_KEY ?? state?.publicKey,
  };
}

/** The key for read procedures: a read key, or an admin key (also valid for reads). */
export function requireReadKey(target: Target): string {
  const key = target.readKey ?? target.adminKey;
  if (!key) {
    throw new CliError("not_configured", "no read key: pass --read-key or set RERUN_READ_KEY");
  }
  return key;
}
