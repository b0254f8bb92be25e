import { describe, expect, it } from "vitest";
import { jsErrors } from "../../../tests/fixtures/sessions/js-error.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectJsErrors", () => {
  it("reports each distinct message per page with its count, redacted", () => {
    const findings = findingsOf(jsErrors, "js_error");
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ startMs: 2_000, endMs: 9_000, severity: "high", count: 2 });
    expect(findings[1]).toMatchObject({ startMs: 5_000, severity: "medium", count: 1 });
    expect(findings[1]?.evidence).toContain("[email]");
    expect(findings[1]?.evidence).not.toContain("jane.doe");
  });
  it("ignores errors of the SDK itself", () => {
    expect(findingsOf(jsErrors, "js_error").some((f) => f.evidence.includes("rerun:"))).toBe(false);
  });
});
