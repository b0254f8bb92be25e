import { describe, expect, it } from "vitest";
import { isLowerCase, lowerCase } from "./lower-case.ts";

describe("isLowerCase", () => {
  it("accepts names toLowerCase leaves alone", () => {
    for (const name of ["class", "data-id", "aria-label", "xlink:href", "a_b.c", ""]) {
      expect(isLowerCase(name), name).toBe(true);
    }
  });
  it("refuses a name with an upper-case letter or any non-ASCII character", () => {
    // The Kelvin sign lower-cases to an ASCII "k".
    for (const name of ["Class", "DATA-ID", "viewBox", "data-\u212A", "titlé"]) {
      expect(isLowerCase(name), name).toBe(false);
    }
  });
});

describe("lowerCase", () => {
  it("returns the name itself when it is in lower case, else its lower case", () => {
    expect(lowerCase("placeholder")).toBe("placeholder");
    expect(lowerCase("PlaceHolder")).toBe("placeholder");
    expect(lowerCase("data-\u212A")).toBe("data-k");
  });
});
