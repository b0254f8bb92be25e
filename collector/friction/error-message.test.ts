import { describe, expect, it } from "vitest";
import { errorKey, normalizeErrorMessage, stableFileName, topFrame } from "./error-message.ts";

describe("normalizeErrorMessage", () => {
  it("replaces quoted strings, ids and numbers so variants of one error read the same", () => {
    const a = normalizeErrorMessage(
      "TypeError: Cannot read properties of undefined (reading 'price') at item 7",
    );
    const b = normalizeErrorMessage(
      'TypeError: Cannot read properties of undefined (reading "total") at item 12',
    );
    expect(a).toBe("TypeError: Cannot read properties of undefined (reading <str>) at item <n>");
    expect(b).toBe(a);
    expect(normalizeErrorMessage("Order 550e8400-e29b-41d4-a716-446655440000 not found"))
      .toBe("Order <id> not found");
    expect(normalizeErrorMessage("bad hash 3f2a1b9c0d")).toBe("bad hash <id>");
    expect(normalizeErrorMessage("deadline exceeded")).toBe("deadline exceeded");
  });

  it("drops Chrome's Uncaught prefix and folds whitespace", () => {
    expect(normalizeErrorMessage("Uncaught (in promise) Error:\n  boom")).toBe("Error: boom");
    expect(normalizeErrorMessage("   ")).toBe("(no message)");
  });

  it("stays bounded on a 10,000-character message with unicode", () => {
    const text = normalizeErrorMessage("Ошибка ✓ ".repeat(1_250));
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text.startsWith("Ошибка ✓")).toBe(true);
  });
});

describe("topFrame", () => {
  it("reads V8 and Gecko frames without line, column or build hash", () => {
    expect(
      topFrame("Error: x\n    at applyCoupon (https://shop.example/assets/app.3f2a1b9c.js:10:5)\n    at y"),
    )
      .toBe("applyCoupon@app.js");
    expect(topFrame("applyCoupon@https://shop.example/assets/app-x7Yz12ab.js:99:1")).toBe(
      "applyCoupon@app.js",
    );
    expect(topFrame("Error\n    at https://shop.example/main.js:1:2")).toBe("<anonymous>@main.js");
    expect(topFrame(undefined)).toBe("");
    expect(topFrame("no frames here")).toBe("");
  });

  it("keeps file names without a hash", () => {
    expect(stableFileName("https://x.example/static/checkout.js")).toBe("checkout.js");
  });
});

describe("errorKey", () => {
  it("tells the same message from two places in the code apart", () => {
    const one = errorKey("Error: boom 1", "Error\n    at a (https://x/app.js:1:1)");
    const two = errorKey("Error: boom 2", "Error\n    at b (https://x/app.js:9:1)");
    expect(one).toBe("Error: boom <n> @ a@app.js");
    expect(two).not.toBe(one);
  });
});
