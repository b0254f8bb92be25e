import { describe, expect, it } from "vitest";
import type { Finding } from "../../shared/report.ts";
import { collectFindingContext } from "./finding-context.ts";
import { identifyIssue, type SessionGrouping } from "./finding-key.ts";
import { compileRouteTemplates } from "./route-template.ts";

const base = { severity: "medium" as const, endMs: 0, evidence: "" };
const session = (over: Partial<SessionGrouping> = {}): SessionGrouping => ({
  appId: "shop-web",
  pages: [],
  context: { errors: [], requests: [] },
  templates: [],
  ...over,
});

describe("identifyIssue", () => {
  it("groups a dead click on one button across order pages and hashed-class builds", () => {
    const a: Finding = {
      ...base,
      kind: "dead_click",
      startMs: 1_000,
      url: "https://shop.example/orders/123",
      target: { selector: "div.css-1x2y3z > button.sc-AbCd.apply", tag: "button" },
      evidence: "Click on …",
    };
    const b: Finding = {
      ...a,
      url: "https://shop.example/orders/456",
      target: { selector: "div.css-7k8l9m > button.sc-QrSt.apply", tag: "button" },
    };
    const one = identifyIssue(a, session());
    expect(one).toMatchObject({
      kind: "dead_click",
      route: "/orders/:id",
      key: "div > button.apply",
      title: "Dead click on div > button.apply on /orders/:id",
      target: { selector: "div > button.apply", tag: "button" },
    });
    expect(identifyIssue(b, session()).fingerprint).toBe(one.fingerprint);
    expect(identifyIssue(a, session({ appId: "shop-admin" })).fingerprint).not.toBe(one.fingerprint);
  });

  it("keys js_error by normalised message and top frame from the raw error event", () => {
    const start = 1_000_000;
    const events = [{
      type: 5,
      timestamp: start + 2_000,
      data: {
        tag: "rerun.error",
        payload: {
          message: "TypeError: x is 7",
          stack: "TypeError\n    at pay (https://s/app.1a2b3c4d.js:1:1)",
        },
      },
    }];
    const finding: Finding = {
      ...base,
      kind: "js_error",
      startMs: 2_000,
      url: "/checkout",
      evidence: '"TypeError: x is 7" once, first at 0:02',
    };
    const issue = identifyIssue(finding, session({ context: collectFindingContext(events, start) }));
    expect(issue.key).toBe("TypeError: x is <n> @ pay@app.js");
    expect(issue.title).toBe("JS error TypeError: x is <n> on /checkout");
    const noEvent = identifyIssue(finding, session());
    expect(noEvent.key).toBe("TypeError: x is <n>");
  });

  it("keys network errors by method, templated endpoint and status class", () => {
    const start = 5_000;
    const events = [{
      type: 5,
      timestamp: start + 1_500,
      data: {
        tag: "rerun.network",
        payload: {
          method: "GET",
          url: "/api/orders/8812",
          status: 503,
          startMs: start + 1_200,
          durationMs: 300,
        },
      },
    }];
    const finding: Finding = {
      ...base,
      kind: "network_error",
      startMs: 1_200,
      url: "/orders/8812",
      evidence: "GET /api/orders/8812 answered 503, first at 0:01",
    };
    expect(identifyIssue(finding, session({ context: collectFindingContext(events, start) })).key)
      .toBe("GET /api/orders/:id 5xx");
    expect(identifyIssue(finding, session()).key).toBe("GET /api/orders/:id 5xx");
    const slow: Finding = { ...finding, kind: "slow_response", evidence: "POST /api/pay took 4.1 s" };
    expect(identifyIssue(slow, session()).key).toBe("POST /api/pay slow");
  });

  it("keys quick backs and loops by the route pair, and honours ROUTE_TEMPLATES", () => {
    const pages = ["/u/alice", "/orders/1", "/u/alice"];
    const templates = compileRouteTemplates(["/u/:handle"]);
    const qb: Finding = { ...base, kind: "quick_back", startMs: 10, url: "/orders/1", severity: "low" };
    const issue = identifyIssue(qb, session({ pages, templates }));
    expect(issue.key).toBe("/u/:handle>/orders/:id");
    expect(issue.title).toBe("Quick back from /orders/:id to /u/:handle");
    const loop: Finding = { ...base, kind: "navigation_loop", startMs: 10, url: "/u/alice" };
    expect(identifyIssue(loop, session({ pages, templates })).key).toBe("/u/:handle>/orders/:id");
  });

  it("redacts the title", () => {
    const f: Finding = {
      ...base,
      kind: "form_abandon",
      startMs: 1,
      url: "/invite/jane.doe@example.com",
      target: { selector: "form#invite", tag: "form" },
    };
    expect(identifyIssue(f, session()).title).not.toContain("jane.doe@example.com");
  });
});
