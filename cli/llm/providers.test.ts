/**
 * The default models are current: each is listed by the pinned SDK's own model union and is not among the
 * models that SDK marks as deprecated (Anthropic's client prints an end-of-life warning for those).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS } from "./providers.ts";

const packageFile = (pkg: string, file: string) =>
  readFileSync(new URL(`../../node_modules/${pkg}/${file}`, import.meta.url), "utf8");
const quoted = (text: string) => [...text.matchAll(/['"]([\w.-]+)['"]/g)].map((m) => m[1]!);

describe("DEFAULT_MODELS", () => {
  it("names a current Anthropic model", () => {
    const source = packageFile("@anthropic-ai/sdk", "resources/messages/messages.js");
    const deprecated = /const DEPRECATED_MODELS = \{([^}]*)\}/.exec(source)?.[1];
    expect(deprecated, "the SDK's DEPRECATED_MODELS table").toBeDefined();
    const known = /export type Model = ([^;]*);/.exec(
      packageFile("@anthropic-ai/sdk", "resources/messages/messages.d.ts"),
    );
    expect(quoted(known?.[1] ?? "")).toContain(DEFAULT_MODELS.anthropic);
    expect(quoted(deprecated!).filter((_, i) => i % 2 === 0)).not.toContain(DEFAULT_MODELS.anthropic);
  });

  it("names a current OpenAI model", () => {
    const shared = packageFile("openai", "resources/shared.d.ts");
    const chatModels = /export type ChatModel = ([^;]*);/.exec(shared)?.[1] ?? "";
    expect(quoted(chatModels)).toContain(DEFAULT_MODELS.openai);
    const deprecatedBlock = /Deprecated values:([\s\S]*?)\*\//.exec(shared)?.[1];
    expect(deprecatedBlock, "the SDK's deprecated list").toBeDefined();
    expect(quoted(deprecatedBlock!)).not.toContain(DEFAULT_MODELS.openai);
  });
});
