/**
 * Key checks. Keys are compared in constant time (SPEC §3): both sides are hashed to SHA-256 digests of
 * equal length and compared with a loop that never exits early, and every configured key is compared, so the
 * time taken says nothing about which key, or how much of one, matched.
 */
import type { CollectorConfig } from "../../shared/config.ts";

export type KeyKind = "public" | "read" | "admin";
/** What a presented key turned out to be; `none` when the request carried no key at all. */
export type KeyClass = KeyKind | "unknown" | "none";

type KeyConfig = Pick<CollectorConfig, "PUBLIC_INGEST_KEYS" | "READ_KEYS" | "ADMIN_KEYS">;

const encoder = new TextEncoder();

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Digests of the configured keys, computed once per config: they never change while the collector runs. */
const configuredDigests = new WeakMap<KeyConfig, Promise<Array<[KeyKind, Uint8Array]>>>();

function digestsOf(config: KeyConfig): Promise<Array<[KeyKind, Uint8Array]>> {
  let digests = configuredDigests.get(config);
  if (!digests) {
    const lists: Array<[KeyKind, string[]]> = [
      ["admin", config.ADMIN_KEYS],
      ["read", config.READ_KEYS],
      ["public", config.PUBLIC_INGEST_KEYS],
    ];
    digests = Promise.all(
      lists.flatMap(([kind, keys]) =>
        keys.map(async (k): Promise<[KeyKind, Uint8Array]> => [kind, await digest(k)])
      ),
    );
    configuredDigests.set(config, digests);
  }
  return digests;
}

/** Classifies `key` against the configured key lists. */
export async function classifyKey(config: KeyConfig, key: string | null | undefined): Promise<KeyClass> {
  if (key === null || key === undefined || key === "") return "none";
  const presented = await digest(key);
  let found: KeyKind | null = null;
  for (const [kind, candidate] of await digestsOf(config)) {
    // No early exit: every key is compared whatever matched before.
    if (equalDigests(presented, candidate) && found === null) found = kind;
  }
  return found ?? "unknown";
}

/** The key a request carries: `x-rerun-key`, else `Authorization: Bearer <key>`. */
export function readRequestKey(headers: Headers): string | null {
  const header = headers.get("x-rerun-key");
  if (header) return header.trim();
  const authorization = headers.get("authorization");
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
