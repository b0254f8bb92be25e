/**
 * Streaming a review through the official SDKs. Each SDK honours its own base-URL variable
 * (`ANTHROPIC_BASE_URL`, `OPENAI_BASE_URL`), which is also how the tests point them at a local server.
 * The SDKs are loaded lazily so other commands never load them: from a source checkout's node_modules, or
 * in the published package from the runtime part npm fetches on first use (runtime/fetch.ts).
 */
import type AnthropicClient from "@anthropic-ai/sdk";
import type OpenAIClient from "openai";
import { CliError } from "../errors.ts";
import { ensureRuntimePart, requireFrom } from "../runtime/fetch.ts";
import { isSourceCheckout, PACKAGE_ROOT } from "../runtime/package-root.ts";
import type { ReviewRequest } from "./review-prompt.ts";

export const LLM_PROVIDERS = ["anthropic", "openai"] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/**
 * Current models, neither deprecated in the pinned SDKs: `@anthropic-ai/sdk` 1.10 warns that
 * claude-sonnet-4-5 reaches end of life on 2026-11-30, and `openai` 7.55 lists gpt-4.1-mini for shutdown on
 * 2027-01-14 (providers.test.ts reads both lists).
 */
export const DEFAULT_MODELS: Record<LlmProvider, string> = {
  anthropic: "claude-sonnet-5-5",
  openai: "gpt-5.4-mini",
};

/** The SDK's npm package of each provider. */
export const CLIENT_PACKAGES: Record<LlmProvider, string> = {
  anthropic: "@anthropic-ai/sdk",
  openai: "openai",
};

/** The provider's SDK module (CommonJS; `default` is the client class). */
async function loadClient(provider: LlmProvider): Promise<unknown> {
  const dir = isSourceCheckout() ? PACKAGE_ROOT : await ensureRuntimePart(provider);
  return requireFrom(dir, CLIENT_PACKAGES[provider]);
}

const KEY_VARIABLE: Record<LlmProvider, string> = {
  anthropic: "ANTHROPIC_API_KEY",
  openai: "OPENAI_API_KEY",
};

/** Upper bound on the review's length; a review is a few bullet points. */
const MAX_OUTPUT_TOKENS = 1_200;

export type StreamReviewOptions = {
  provider: LlmProvider;
  model?: string;
  request: ReviewRequest;
  onText: (text: string) => void;
  env?: Record<string, string | undefined>;
};

/** Streams the review's text to `onText`; returns the whole text. */
export async function streamReview(opts: StreamReviewOptions): Promise<string> {
  const env = opts.env ?? process.env;
  const apiKey = env[KEY_VARIABLE[opts.provider]];
  if (!apiKey) {
    throw new CliError(
      "not_configured",
      `--llm-provider ${opts.provider} needs ${KEY_VARIABLE[opts.provider]} in the environment`,
    );
  }
  const model = opts.model ?? DEFAULT_MODELS[opts.provider];
  let text = "";
  const emit = (part: string) => {
    text += part;
    opts.onText(part);
  };
  try {
    if (opts.provider === "anthropic") {
      const { default: Anthropic } = (await loadClient("anthropic")) as { default: typeof AnthropicClient };
      const client = new Anthropic({ apiKey, baseURL: env.ANTHROPIC_BASE_URL ?? undefined, maxRetries: 1 });
      const stream = await client.messages.create({
        model,
        max_tokens: MAX_OUTPUT_TOKENS,
        system: opts.request.system,
        messages: [{ role: "user", content: opts.request.user }],
        stream: true,
      });
      for await (const event of stream) {
        if (event.type === "content_block_delta" && event.delta.type === "text_delta") emit(event.delta.text);
      }
    } else {
      const { default: OpenAI } = (await loadClient("openai")) as { default: typeof OpenAIClient };
      const client = new OpenAI({ apiKey, baseURL: env.OPENAI_BASE_URL ?? undefined, maxRetries: 1 });
      const stream = await client.chat.completions.create({
        model,
        max_completion_tokens: MAX_OUTPUT_TOKENS,
        messages: [
          { role: "system", content: opts.request.system },
          { role: "user", content: opts.request.user },
        ],
        stream: true,
      });
      for await (const chunk of stream) {
        const part = chunk.choices[0]?.delta?.content;
        if (part) emit(part);
      }
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError("llm_failed", `${opts.provider} review failed (model ${model}): ${message}`);
  }
  return text;
}
