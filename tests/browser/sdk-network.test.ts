/**
 * Network capture options end to end: a page makes a fetch and an XHR carrying secrets in headers and JSON
 * bodies, and a fetch to a denied path; the test searches every stored byte and the stored `rerun.network`
 * events. Server-side redaction is off, so this proves the SDK's own rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningChromium } from "../helpers/chromium.ts";
import { type RunningCollector, waitForStoredText } from "../helpers/collector.ts";
import type { StaticServer } from "../helpers/static-server.ts";
import { openSdkPage, type SdkHarness, startSdkHarness } from "./sdk-page.ts";

/** Never stored, whatever the options: credentials, redacted values and the denied path's bodies. */
const SECRETS = [
  "AUTHSECRET-N1",
  "REQTOKEN-N2",
  "RERUNKEY-N3",
  "DENIEDBODY-N4",
  "RESPTOKEN-N5",
  "CUSTOM-N6",
  "DENIEDRESP-N11",
  "XHRTOKEN-N12",
  "body.person@example.com",
  "resp.person@example.com",
];

let site: StaticServer;
let collector: RunningCollector;
let chromium: RunningChromium;

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness({ SERVER_SIDE_REDACTION: "false" });
  ({ site, collector, chromium } = harness);
});

afterAll(() => harness?.close());

type NetworkEvent = {
  url: string;
  initiator: string;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
};

/** Runs the page's calls with these network options; returns every stored byte once the run's marker is in. */
async function runCalls(mark: string, options: Record<string, unknown>): Promise<string> {
  const { page } = await openSdkPage({
    chromium,
    siteUrl: site.url,
    name: "network.html",
    settings: { publicKey: collector.publicKey, ingestBaseUrl: collector.url, options },
  });
  await page.waitForFunction("window.replay.getStatus().state === 'recording'");
  await page.evaluate(`window.runCalls(${JSON.stringify(mark)})`);
  const stored = await waitForStoredText(collector.dataDir, `calls_done_${mark}`);
  await page.close();
  return stored;
}

/** The JSON object that starts at `from` in `text` (strings may hold braces). */
function objectAt(text: string, from: number): string {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(from, i + 1);
  }
  return "{}";
}

/** The `rerun.network` payloads found in the stored bytes. */
function networkEvents(stored: string): NetworkEvent[] {
  const found: NetworkEvent[] = [];
  const marker = '"tag":"rerun.network","payload":';
  for (let at = stored.indexOf(marker); at >= 0; at = stored.indexOf(marker, at + 1)) {
    found.push(JSON.parse(objectAt(stored, at + marker.length)) as NetworkEvent);
  }
  return found;
}

describe("network capture", () => {
  it("records headers and bodies only as configured, redacted, never credentials or denied bodies", async () => {
    const off = await runCalls("OFF", { network: { enabled: true } });
    expect(off).toContain("rerun.network");
    for (const marker of ["TRACE-OFF", "XHRHDR-OFF", "visible-OFF", "xhrbody-OFF", "hello-N10"]) {
      expect(off).not.toContain(marker);
    }

    const on = await runCalls("ON", {
      network: { enabled: true, recordHeaders: true, recordBody: ["application/json"] },
      privacy: { networkBodyDenyPaths: ["/tests/fixtures/pages/private/"], redactPatterns: ["CUSTOM-N6"] },
    });
    expect(SECRETS.filter((secret) => on.includes(secret))).toEqual([]);
    for (const marker of ["TRACE-ON", "XHRHDR-ON", "visible-ON", "xhrbody-ON", "hello-N10"]) {
      expect(on).toContain(marker);
    }

    const events = networkEvents(on);
    const api = events.filter((e) => e.url.endsWith("/api/profile.json") && e.requestHeaders !== undefined);
    expect(api.map((e) => e.initiator).sort()).toEqual(["fetch", "xhr"]);
    for (const event of api) {
      expect(event.requestHeaders).not.toHaveProperty("authorization");
      expect(event.requestHeaders).not.toHaveProperty("x-rerun-key");
      expect(event.requestHeaders?.["content-type"]).toBe("application/json");
      expect(event.responseHeaders?.["content-type"]).toContain("application/json");
      expect(event.requestBody).toBeTruthy();
      expect(event.responseBody).toContain("hello-N10");
    }
    const denied = events.filter((e) =>
      e.url.endsWith("/private/secret.json") && e.requestHeaders !== undefined
    );
    expect(denied.length).toBeGreaterThan(0);
    for (const event of denied) {
      expect(event.requestBody).toBeUndefined();
      expect(event.responseBody).toBeUndefined();
    }
  });
});
