import { describe, expect, it } from "vitest";
import type { FrictionReport } from "../../shared/report.ts";
import { CliError } from "../../cli/errors.ts";
import { assertExternalExportConfirmed } from "../../cli/llm/export-gate.ts";
import { buildReviewRequest } from "../../cli/llm/review-prompt.ts";
import { streamReview } from "../../cli/llm/providers.ts";
import { startFakeLlm } from "../helpers/fake-llm.ts";

const report: FrictionReport = {
  sessionId: "sess_abcdefgh",
  appId: "app_abcdefgh",
  startedAt: "2026-11-24T10:00:00.000Z",
  durationMs: 65_000,
  rulesVersion: "test",
  pages: ["https://shop.example/cart"],
  frictionScore: 25,
  findings: [{
    kind: "rage_click",
    startMs: 5_000,
    endMs: 6_200,
    severity: "high",
    url: "https://shop.example/cart",
    target: { selector: "#pay", tag: "button", text: "***" },
    count: 5,
    evidence: "5 clicks on #pay within 1.2 s",
  }],
  summary: "The user clicked Pay five times.",
  stats: { clicks: 7, pageviews: 1, errors: 0, networkErrors: 0, inputs: 2 },
};
const narrative = "t_ms,page,kind,target,detail\n5000,https://shop.example/cart,click,#pay,\n";

describe("assertExternalExportConfirmed", () => {
  it("refuses with exit code 2 and a reason when not confirmed", () => {
    let caught: unknown;
    try {
      assertExternalExportConfirmed(false, "anthropic");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).exitCode).toBe(2);
    expect((caught as CliError).message).toMatch(/nothing was sent.*--confirm-external-llm-export/);
  });
});

describe("buildReviewRequest", () => {
  it("redacts anything PII-shaped that slipped into the report or narrative", () => {
    const leaky = { ...report, summary: "mail jane@example.com token=abc123secret" };
    const request = buildReviewRequest(leaky, narrative + "9000,p,custom,x,card 4242 4242 4242 4242\n");
    expect(request.user).not.toContain("jane@example.com");
    expect(request.user).not.toContain("abc123secret");
    expect(request.user).not.toContain("4242 4242 4242 4242");
  });

  it("cuts a huge narrative and says so", () => {
    const big = "t_ms,page,kind,target,detail\n" + "1,p,click,#a,\n".repeat(20_000);
    const request = buildReviewRequest(report, big);
    expect(request.user.length).toBeLessThan(70_000);
    expect(request.user).toContain("narrative truncated");
  });
});

describe("streamReview", () => {
  for (const provider of ["anthropic", "openai"] as const) {
    it(`streams a ${provider} review through the official SDK and sends only the report and narrative`, async () => {
      await using llm = await startFakeLlm();
      const env = {
        ANTHROPIC_API_KEY: "sk-ant-test-key-0000000000",
        OPENAI_API_KEY: "sk-test-openai-key-000000000",
        ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
        OPENAI_BASE_URL: llm.openaiBaseUrl,
      };
      const parts: string[] = [];
      const request = buildReviewRequest(report, narrative);
      const text = await streamReview({ provider, request, env, onText: (t) => parts.push(t) });
      expect(text).toBe("Users struggled at 00:05.");
      expect(parts.length).toBe(3);
      expect(llm.requests).toHaveLength(1);
      const sent = llm.requests[0]!;
      const body = sent.body as Record<string, unknown>;
      expect(body.stream).toBe(true);
      const messages = body.messages as Array<{ role: string; content: string }>;
      const userMessage = messages.find((m) => m.role === "user")!;
      expect(userMessage.content).toBe(request.user);
      // Exactly the report and narrative: nothing else in the conversation.
      expect(messages.filter((m) => m.role !== "system")).toHaveLength(1);
      expect(userMessage.content).toContain('"sessionId": "sess_abcdefgh"');
      expect(sent.raw).not.toMatch(/public_replay_|read_replay_|admin_replay_/);
    });
  }

  it("names the missing API key variable", async () => {
    await expect(
      streamReview({ provider: "openai", request: { system: "s", user: "u" }, env: {}, onText: () => {} }),
    )
      .rejects.toThrow(/OPENAI_API_KEY/);
  });
});
