import { describe, expect, it } from "vitest";
import { escapeControlChars, escapeControlCharsDeep } from "./control-chars.ts";

const ESC = "\u001b";

describe("escapeControlChars", () => {
  it("writes terminal sequences as visible escapes: OSC 52, clear screen, title, 8-bit CSI", () => {
    const osc52 = `${ESC}]52;c;ZXZpbA==\u0007`;
    const out = escapeControlChars(`boom ${osc52} ${ESC}[2J ${ESC}]0;owned${ESC}\\ \u009b31m`);
    expect(out).toBe(
      "boom \\u001b]52;c;ZXZpbA==\\u0007 \\u001b[2J \\u001b]0;owned\\u001b\\ \\u009b31m",
    );
    // deno-lint-ignore no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it("keeps newlines, tabs and ordinary text, and escapes carriage returns and bidi overrides", () => {
    expect(escapeControlChars("a\tb\nc — é 漢")).toBe("a\tb\nc — é 漢");
    expect(escapeControlChars("ok\rfake\u202Etxt.exe")).toBe("ok\\u000dfake\\u202etxt.exe");
  });

  it("leaves JSON valid: the escapes are JSON escapes", () => {
    const json = escapeControlChars(JSON.stringify({ message: `x\u009b2J\u202e` }));
    expect(JSON.parse(json)).toEqual({ message: "x\u009b2J\u202e" });
  });
});

describe("escapeControlCharsDeep", () => {
  it("escapes every string of a structured value and keeps other values", () => {
    expect(escapeControlCharsDeep({ a: [`${ESC}[2J`, 3, null], [`k${ESC}`]: { b: true } })).toEqual({
      a: ["\\u001b[2J", 3, null],
      "k\\u001b": { b: true },
    });
  });
});
