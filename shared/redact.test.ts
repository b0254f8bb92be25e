import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createRedactionRules,
  DEFAULT_REDACTION_RULES,
  passesIbanCheck,
  passesLuhn,
  redactDeep,
  redactString,
  replaceStringsInPlace,
} from "./redact.ts";

describe("redactString", () => {
  const cases: Array<[string, string, string]> = [
    ["an email", "contact jane.doe+x@example.co.uk now", "[email]"],
    ["a Luhn-valid card", "card 4242 4242 4242 4242 ok", "[card]"],
    ["a card without spaces", "4111111111111111", "[card]"],
    ["an SSN", "ssn 123-45-6789", "[ssn]"],
    ["an IBAN", "iban GB82 WEST 1234 5698 7654 32", "[iban]"],
    [
      "a JWT",
      "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "[jwt]",
    ],
    ["a bearer token", "Authorization: Bearer abcdef1234567890", "[token]"],
    ["a password pair", "password=hunter2&x=1", "password=[secret]"],
    ["a JSON secret", '{"token": "s3cr3t-value"}', '"token": "[secret]'],
    ["an IPv4 address", "from 192.168.10.24 today", "[ip]"],
    ["an IPv6 address", "from 2001:0db8:85a3:0000:0000:8a2e:0370:7334", "[ip]"],
    ["a phone number", "call +44 20 7946 0958", "[phone]"],
    ["a US phone number", "call (415) 555-2671", "[phone]"],
    ["a vendor API key", "key sk_live_abcdefghijklmnop", "[api_key]"],
  ];
  it.each(cases)("redacts %s", (_name, input, marker) => {
    const out = redactString(input);
    expect(out).toContain(marker);
  });

  const negatives: Array<[string, string]> = [
    ["a Luhn-invalid 16-digit number", "order 4242 4242 4242 4241"],
    ["a date", "on 2026-11-24"],
    ["a price", "total 1299.00 EUR"],
    ["a version number", "v2.9.6"],
    ["plain prose", "The quick brown fox clicked the button twice."],
    ["a short number", "3 items"],
    ["a loopback address", "http://127.0.0.1:8787/health"],
  ];
  it.each(negatives)("keeps %s", (_name, input) => {
    expect(redactString(input)).toBe(input);
  });

  it("never leaves a generated email in the output", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.string(), (email, prefix) => {
        const clean = prefix.replace(/[@A-Za-z0-9._%+-]/g, " ");
        expect(redactString(`${clean} ${email} end`)).not.toContain(email);
      }),
    );
  });

  it("gives the same answer with and without the quick pre-check", () => {
    // Copies of the default rules are not in the default set, so they always run their regexes.
    const uncached = DEFAULT_REDACTION_RULES.map((rule) => ({ ...rule, pattern: new RegExp(rule.pattern) }));
    const samples = [
      "mail a.b@example.com",
      "Bearer abcdefgh12345678",
      "token=xyz",
      "4111 1111 1111 1111",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abcdefghijk",
      "sk_live_abcdefghijkl",
      "gho_abcdefghijklmnopqrstuvwxyz",
      "xoxb-1234567890-abc",
      "AKIAABCDEFGHIJKLMNOP",
      "admin_replay_abcdefghijklmnopqrstuv",
      "fe80::1ff:fe23:4567:890a",
      "*** ***** ****",
      "btn btn-primary",
    ];
    for (const sample of samples) expect(redactString(sample), sample).toBe(redactString(sample, uncached));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 60 }), (text) => {
        expect(redactString(text)).toBe(redactString(text, uncached));
      }),
      { numRuns: 2_000 },
    );
  });

  it("applies extra user patterns after the defaults", () => {
    const rules = createRedactionRules([/ORDER-\d+/, "ACME-[A-Z]+"]);
    expect(redactString("ORDER-991 ACME-XYZ", rules)).toBe("[redacted] [redacted]");
  });
});

describe("passesLuhn", () => {
  it("accepts generated valid numbers and rejects a changed digit", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }), (digits) => {
        // Compute the check digit for the 15-digit body.
        let sum = 0;
        for (let i = 0; i < digits.length; i++) {
          let d = digits[digits.length - 1 - i]!;
          if (i % 2 === 0) {
            d *= 2;
            if (d > 9) d -= 9;
          }
          sum += d;
        }
        const check = (10 - (sum % 10)) % 10;
        const number = digits.join("") + String(check);
        expect(passesLuhn(number)).toBe(true);
        const wrong = digits.join("") + String((check + 1) % 10);
        expect(passesLuhn(wrong)).toBe(false);
      }),
    );
  });
});

describe("passesIbanCheck", () => {
  it("accepts a valid IBAN and rejects a mistyped one", () => {
    expect(passesIbanCheck("DE89370400440532013000")).toBe(true);
    expect(passesIbanCheck("DE89370400440532013001")).toBe(false);
  });
});

describe("redactDeep", () => {
  it("redacts strings at any depth and keeps keys and other values", () => {
    const out = redactDeep({ a: ["mail bob@example.com"], n: 4, nested: { email: "x@y.io" } });
    expect(out).toEqual({ a: ["mail [email]"], n: 4, nested: { email: "[email]" } });
  });
});

describe("replaceStringsInPlace", () => {
  const redact = (text: string) => redactString(text, DEFAULT_REDACTION_RULES);

  it("replaces strings in the value it is given, without copying, and keeps keys and other values", () => {
    const inner = { email: "x@y.io" };
    const value = { a: ["mail bob@example.com"], n: 4, nested: inner };
    replaceStringsInPlace(value, 64, redact);
    expect(value).toEqual({ a: ["mail [email]"], n: 4, nested: { email: "[email]" } });
    expect(value.nested).toBe(inner);
  });

  it("with redactString gives the same result as redactDeep on any JSON value, also with a small depth bound", () => {
    const pii = fc.constantFrom("bob@example.com", "token=abc123", "4111 1111 1111 1111", "*** ***", "btn");
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        pii,
        fc.string({ maxLength: 12 }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 5 }), (value, maxDepth) => {
        const expected = redactDeep(value, DEFAULT_REDACTION_RULES, maxDepth);
        // In a one-element array, so a bare string is replaced too.
        const copy = [structuredClone(value)];
        replaceStringsInPlace(copy, maxDepth + 1, redact);
        expect(copy[0]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("counts the object keys it passed, at every depth it reaches", () => {
    const value = { a: [{ b: 1, c: { d: "x" } }, "y"], e: null };
    expect(replaceStringsInPlace(value, 64, (t) => t)).toBe(5);
    expect(replaceStringsInPlace(value, 1, (t) => t)).toBe(2);
    expect(replaceStringsInPlace("text", 64, (t) => t)).toBe(0);
  });

  it("counts a key JSON.parse kept once as one", () => {
    expect(replaceStringsInPlace(JSON.parse('{"a":"x","a":"y"}'), 64, (t) => t)).toBe(1);
  });
});
