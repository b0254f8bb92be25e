/** Key generation for quickstart: 192 random bits, base64url, behind a prefix that names the key's kind. */
import { randomBytes } from "node:crypto";

export type KeyKind = "public" | "read" | "admin";

export function generateKey(kind: KeyKind): string {
  return `${kind}_replay_${randomBytes(24).toString("base64url")}`;
}
