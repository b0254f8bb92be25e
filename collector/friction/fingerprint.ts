/**
 * Fingerprints (SPEC §8): `fp_` + the first 16 hex characters of SHA-256 over
 * `fingerprintVersion|appId|kind|route|key`. The same friction in two sessions gets the same fingerprint;
 * 64 bits keep the chance that two of a million issues collide below one in 30 million.
 *
 * `FINGERPRINT_VERSION` versions every grouping rule (route templates, element keys, error and endpoint
 * keys): change one and bump it, and stored sessions are grouped again in the background.
 */
import { createHash } from "node:crypto";
import type { FindingKind } from "../../shared/report.ts";

export const FINGERPRINT_VERSION = "1";

export type FingerprintParts = { appId: string; kind: FindingKind; route: string; key: string };

export function fingerprintOf(parts: FingerprintParts, version: string = FINGERPRINT_VERSION): string {
  const text = [version, parts.appId, parts.kind, parts.route, parts.key].join("|");
  return `fp_${createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16)}`;
}
