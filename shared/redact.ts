/**
 * PII redaction patterns, used by the SDK before anything leaves the page and again by the collector
 * before anything is stored (SPEC §2, §3). Two lines of defence: a team that turns one off still has the
 * other. Imports nothing, so the browser bundle carries it without zod.
 *
 * Each rule replaces a match with a typed marker such as `[email]`, so a reader of a report still sees
 * that something was there. Order matters: structured tokens (JWTs, `key=value` secrets) go first, so a
 * later, looser rule does not cut them in half.
 */

/** One redaction rule: a global regular expression and what its matches become. */
export type RedactionRule = {
  name: string;
  pattern: RegExp;
  /** Optional second check on a match (e.g. Luhn for card numbers); a match that fails it is kept. */
  accept?: (match: string) => boolean;
  replacement: string;
};

/** Whether a run of digits passes the Luhn checksum used by payment card numbers (ISO/IEC 7812). */
export function passesLuhn(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "");
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whether an IBAN candidate passes the ISO 13616 mod-97 check. */
export function passesIbanCheck(candidate: string): boolean {
  const compact = candidate.replace(/\s/g, "").toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

const SECRET_KEYS =
  "password|passwd|pwd|pass|secret|token|access_token|refresh_token|id_token|api_key|apikey|api-key|auth|authorization|session|sessionid|session_id|cookie|set-cookie|private_key|client_secret|credential|credentials";

/** The default rules, in the order they are applied. */
export const DEFAULT_REDACTION_RULES: readonly RedactionRule[] = [
  {
    name: "jwt",
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
    replacement: "[jwt]",
  },
  {
    name: "bearer",
    pattern: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
    replacement: "$1 [token]",
  },
  {
    name: "secret_pair",
    // `password=hunter2`, `"token": "abc"`, `Authorization: xyz` — keep the key, drop the value.
    pattern: new RegExp(
      `(["']?\\b(?:${SECRET_KEYS})\\b["']?\\s*[:=]\\s*["']?)([^"'\\s&,;}{]{1,512})`,
      "gi",
    ),
    replacement: "$1[secret]",
  },
  {
    name: "api_key",
    // Common vendor key shapes: sk_live_…, pk_test_…, ghp_…, xoxb-…, AKIA… and rerun's own keys.
    pattern:
      /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}|\bsk-[A-Za-z0-9_-]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bxox[abpr]-[A-Za-z0-9-]{10,}|\bAKIA[0-9A-Z]{16}\b|\b(?:public|read|admin)_replay_[A-Za-z0-9_-]{16,}/g,
    replacement: "[api_key]",
  },
  {
    name: "email",
    // Local part: RFC 5322 atext plus dots, so unusual but valid addresses are caught too.
    pattern: /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
    replacement: "[email]",
  },
  {
    name: "iban",
    pattern: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g,
    accept: passesIbanCheck,
    replacement: "[iban]",
  },
  {
    name: "card",
    pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
    accept: passesLuhn,
    replacement: "[card]",
  },
  {
    name: "ssn",
    pattern: /\b\d{3}-\d{2}-\d{4}\b/g,
    replacement: "[ssn]",
  },
  {
    name: "ipv4",
    pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b/g,
    // Loopback and the unspecified address identify no one, and local development URLs stay readable.
    accept: (ip) => !ip.startsWith("127.") && ip !== "0.0.0.0",
    replacement: "[ip]",
  },
  {
    name: "ipv6",
    pattern:
      /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}\b/gi,
    replacement: "[ip]",
  },
  {
    name: "phone",
    // International or grouped national numbers: +44 20 7946 0958, (415) 555-2671, 415.555.2671.
    // Not part of a longer digit run, so card-like numbers that fail Luhn are not half-redacted.
    pattern:
      /(?<!\d[ .-]?)(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\b\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4}\b(?![ .-]?\d)/g,
    replacement: "[phone]",
  },
];

const DEFAULT_RULE_SET: ReadonlySet<RedactionRule> = new Set(DEFAULT_REDACTION_RULES);

/** Compiles extra user patterns (strings or RegExps) into rules that run after the defaults. */
export function createRedactionRules(extra: ReadonlyArray<string | RegExp> = []): RedactionRule[] {
  const custom = extra.map((p, i): RedactionRule => ({
    name: `custom_${i}`,
    pattern: typeof p === "string"
      ? new RegExp(p, "g")
      : new RegExp(p.source, p.flags.includes("g") ? p.flags : p.flags + "g"),
    replacement: "[redacted]",
  }));
  return [...DEFAULT_REDACTION_RULES, ...custom];
}

/**
 * Every default rule needs one of these in the text to match: a digit (cards, phones, IBANs, SSNs, IPv4),
 * `@` (emails), `:` or `=` (secret pairs, IPv6), or a token prefix. Most recorded strings — masked text,
 * class names, tag names — have none, and skip the rules entirely.
 */
const DEFAULT_RULES_HINT =
  /[\d@:=]|eyJ|bearer|basic|token|(?:sk|pk|rk)[_-]|gh[pousr]_|xox[abpr]-|AKIA|_replay_/i;

/** Replaces every PII match in `text` with its rule's marker. */
export function redactString(
  text: string,
  rules: readonly RedactionRule[] = DEFAULT_REDACTION_RULES,
): string {
  const defaultsCanMatch = DEFAULT_RULES_HINT.test(text);
  let out = text;
  for (const rule of rules) {
    if (!defaultsCanMatch && DEFAULT_RULE_SET.has(rule)) continue;
    rule.pattern.lastIndex = 0;
    if (!rule.pattern.test(out)) continue;
    rule.pattern.lastIndex = 0;
    out = out.replace(rule.pattern, (match: string, ...groups: unknown[]) => {
      if (rule.accept && !rule.accept(match)) return match;
      return rule.replacement.replace(/\$(\d)/g, (_m, n: string) => {
        const g = groups[Number(n) - 1];
        return typeof g === "string" ? g : "";
      });
    });
  }
  return out;
}

/**
 * Returns a deep copy of `value` with every string redacted (object keys are kept: they are schema, not
 * data). Depth is bounded so a hostile, deeply nested value cannot exhaust the stack.
 */
export function redactDeep<T>(
  value: T,
  rules: readonly RedactionRule[] = DEFAULT_REDACTION_RULES,
  maxDepth = 64,
): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return redactString(v, rules);
    if (v === null || typeof v !== "object" || depth >= maxDepth) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) out[k] = walk(item, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}

/**
 * Replaces every string inside `value` with `fix(string)`, in place — with `redactString` as `fix`, the same
 * result as `redactDeep` without copying; only for a value the caller owns, such as a freshly parsed request
 * body. Depth is bounded like `redactDeep`: objects nested deeper than `maxDepth` are left as they are.
 * Answers how many object keys it passed: the collector compares that with the keys written in the request's
 * text, since JSON.parse keeps one value of a repeated key.
 */
export function replaceStringsInPlace(
  value: unknown,
  maxDepth: number,
  fix: (text: string) => string,
): number {
  let keys = 0;
  const walk = (v: object, depth: number): void => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item === "string") v[i] = fix(item);
        else if (item !== null && typeof item === "object" && depth + 1 < maxDepth) walk(item, depth + 1);
      }
      return;
    }
    const record = v as Record<string, unknown>;
    for (const k in record) {
      if (!Object.hasOwn(record, k)) continue;
      keys++;
      const item = record[k];
      if (typeof item === "string") record[k] = fix(item);
      else if (item !== null && typeof item === "object" && depth + 1 < maxDepth) walk(item, depth + 1);
    }
  };
  if (value !== null && typeof value === "object" && maxDepth > 0) walk(value, 0);
  return keys;
}
