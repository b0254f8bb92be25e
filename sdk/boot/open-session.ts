/**
 * The session and its recording decision, opened when consent is granted. Both live in the tab's
 * `sessionStorage`, so a reload continues the session without re-rolling the decision; where storage is
 * blocked (sandboxed iframes, strict privacy modes) they last for the page.
 */
import type { ResolvedOptions } from "../options.ts";
import type { PipelineContext } from "../record/contract.ts";
import { decideRecording, readDecision, writeDecision } from "../sampling.ts";
import { createSessionTracker } from "../session.ts";

/** The tab's `sessionStorage`, or `null` where reading it throws. */
export function sessionStorageOrNull(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    // deno-lint-ignore no-unreachable -- reading sessionStorage throws where storage is blocked.
    return null;
  }
}

/** What the pipeline is given of the session. */
export type OpenSession = Pick<
  PipelineContext,
  "storage" | "tracker" | "decision" | "decide" | "keepDecision"
>;

/** Continues or starts the tab's session and returns it with its decision (kept, or made now and kept). */
export function openSession(options: ResolvedOptions): OpenSession {
  const storage = sessionStorageOrNull();
  const tracker = createSessionTracker({ appId: options.appId, storage });
  const key = `rerun.sampling.${options.appId}`;
  const keepDecision: OpenSession["keepDecision"] = (decision) => writeDecision(storage, key, decision);
  const decide = (sessionId: string) => {
    const decision = readDecision(storage, key, sessionId) ?? decideRecording(sessionId, options);
    keepDecision(decision);
    return decision;
  };
  return { storage, tracker, decision: decide(tracker.current(Date.now()).sessionId), decide, keepDecision };
}
