/**
 * Where fetched runtime parts live: `RERUN_CACHE_DIR`, else the platform's per-user cache folder, so every
 * app on the machine that uses the same rerun release shares one copy (`<cache>/<version>/<part>`).
 */
import { join } from "node:path";

export type CacheEnv = Readonly<Record<string, string | undefined>>;

/** The cache root for `platform` (`process.platform`), home folder `home` and environment `env`. */
export function cacheRoot(env: CacheEnv, platform: string, home: string): string {
  if (env.RERUN_CACHE_DIR) return env.RERUN_CACHE_DIR;
  if (platform === "darwin") return join(home, "Library", "Caches", "rerun");
  if (platform === "win32") return join(env.LOCALAPPDATA ?? join(home, "AppData", "Local"), "rerun", "Cache");
  return join(env.XDG_CACHE_HOME || join(home, ".cache"), "rerun");
}
