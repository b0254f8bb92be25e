import { describe, expect, it } from "vitest";
import { NarrativeRowSchema } from "../../shared/report.ts";
import { cleanSession } from "../../tests/fixtures/sessions/clean.ts";
import { jsErrors } from "../../tests/fixtures/sessions/js-error.ts";
import { networkErrors } from "../../tests/fixtures/sessions/network-error.ts";
import { rageClick } from "../../tests/fixtures/sessions/rage-click.ts";
import { session } from "../../tests/fixtures/sessions/build.ts";
import { SHOP, shopPage } from "../../tests/fixtures/sessions/dom.ts";
import { buildNarrative, toNarrativeCsv } from "./narrative.ts";

const narrate = (events: Parameters<typeof buildNarrative>[0]["events"]) =>
  buildNarrative({ sessionId: "s-12345678", appId: "app-1234", events });

describe("buildNarrative", () => {
  it("tells a session as rows: navigations, clicks, inputs as lengths, submits, custom events", () => {
    const rows = narrate(cleanSession);
    for (const row of rows) NarrativeRowSchema.parse(row);
    expect(rows.map((r) => [r.t_ms, r.kind, r.target, r.detail])).toEqual([
      [0, "navigation", "", "opened the page"],
      [2_000, "scroll", "document", "scrolled to y=300"],
      [5_000, "scroll", "document", "scrolled to y=600"],
      [8_000, "click", "#pay", '"***"'],
      [10_000, "click", '#signup > input[name="email"]', ""],
      [11_000, "input", '#signup > input[name="email"]', "typed 14 chars"],
      [13_000, "input", '#signup > input[name="name"]', "typed 6 chars"],
      [15_000, "submit", "#signup", "submit attempt"],
      [18_000, "click", "body > a:nth-of-type(1)", '"****"'],
      [18_200, "navigation", "", "navigated"],
      [19_000, "custom", "checkout_started", '{"plan":"pro"}'],
    ]);
    expect(rows.at(-1)?.page).toBe("https://shop.example/cart");
  });

  it("includes findings, errors and failed requests, redacted", () => {
    const rows = narrate(jsErrors);
    expect(rows.some((r) => r.kind === "error" && r.detail === "Failed to load user [email]")).toBe(true);
    expect(rows.some((r) => r.kind === "finding" && r.detail.startsWith("js_error (high)"))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain("jane.doe");
    expect(JSON.stringify(rows)).not.toContain("rerun: queue full");
    const net = narrate(networkErrors).filter((r) => r.kind === "network");
    expect(net.map((r) => r.detail)).toEqual(["status 500", "status 500", "status 404", "failed"]);
    expect(narrate(rageClick).some((r) => r.kind === "finding" && r.detail.startsWith("rage_click (high)")))
      .toBe(true);
  });

  it("never carries input values or keystrokes", () => {
    const events = session().page(0, SHOP, shopPage())
      .custom(500, "signup", { email: "jane.doe@example.com", note: "x".repeat(500) }).events();
    events.push({
      type: 3,
      data: { source: 5, id: 15, text: "hunter2-secret", userTriggered: true },
      timestamp: events[0]!.timestamp + 900,
    });
    const csv = toNarrativeCsv(narrate(events));
    expect(csv).not.toContain("hunter2");
    expect(csv).not.toContain("jane.doe");
    expect(csv).toContain("typed 14 chars");
  });
});

describe("toNarrativeCsv", () => {
  it("writes the header and quotes commas, quotes and line breaks", () => {
    const csv = toNarrativeCsv([
      {
        t_ms: 5,
        page: "https://a.example/x",
        kind: "click",
        target: 'a[name="b"]',
        detail: "one, two\nthree",
      },
    ]);
    expect(csv).toBe(
      't_ms,page,kind,target,detail\n5,https://a.example/x,click,"a[name=""b""]","one, two\nthree"\n',
    );
  });
});
