// The handle in Node, with a fake recorder module: consent, the sampling decision, the calls queued while the
// recorder loads, and what reaches the pipeline (the browser tests run it with the real recorder).
import { describe, expect, it } from "vitest";
import { resolveOptions } from "../options.ts";
import type { RerunOptions } from "../rerun-options.ts";
import type { Pipeline, PipelineContext, RecorderModule } from "../record/contract.ts";
import { createReplay } from "./replay.ts";

const base: RerunOptions = { appId: "shop", publicKey: "pk_test", ingestBaseUrl: "http://127.0.0.1:1" };

/** A recorder module whose pipeline logs what it is asked; `load` resolves when `release` is called. */
function fakeRecorder() {
  const calls: string[] = [];
  let ctx: PipelineContext | null = null;
  let release: () => void = () => undefined;
  const pipeline: Pipeline = {
    addCustomEvent: (name, payload) => void calls.push(`event ${name} ${JSON.stringify(payload)}`),
    trigger: (reason) => void calls.push(`trigger ${reason}`),
    flush: () => Promise.resolve(void calls.push("flush")),
    stop: ({ dropUnsent }) => void calls.push(`stop ${dropUnsent}`),
  };
  const module: RecorderModule = {
    startPipeline: (given) => {
      ctx = given;
      return pipeline;
    },
    statusMessages: {},
  };
  let loads = 0;
  const load = () => {
    loads++;
    return new Promise<RecorderModule>((resolve) => (release = () => resolve(module)));
  };
  return { calls, load, release: () => release(), ctx: () => ctx, loads: () => loads };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createReplay", () => {
  it("loads nothing before consent and drops what is asked of it meanwhile", async () => {
    const recorder = fakeRecorder();
    const replay = createReplay(resolveOptions(base), recorder.load);
    replay.addCustomEvent("early");
    expect(replay.getStatus()).toMatchObject({
      consent: "deferred",
      state: "idle",
      reason: "consent_deferred",
    });
    expect(recorder.loads()).toBe(0);
    replay.optIn({ source: "banner" });
    expect(replay.getStatus()).toMatchObject({ consent: "granted", reason: "recorder_loading" });
    recorder.release();
    await settle();
    expect(recorder.loads()).toBe(1);
    expect(recorder.calls).toEqual([]);
    expect(recorder.ctx()?.consent()).toMatchObject({ source: "banner" });
  });

  it("replays the calls made while the recorder loads, in order, with names and user data cut to the limits", async () => {
    const recorder = fakeRecorder();
    const replay = createReplay(resolveOptions({ ...base, consent: "granted" }), recorder.load);
    replay.addCustomEvent("checkout", { total: 3 });
    replay.trigger();
    replay.addCustomEvent("x".repeat(150));
    replay.identify("u".repeat(300), { plan: "pro", score: Infinity, note: "n".repeat(3_000) });
    replay.tag("team", "web");
    replay.tag("", "ignored");
    recorder.release();
    await settle();
    expect(recorder.calls).toEqual([
      'event checkout {"total":3}',
      "trigger manual",
      `event ${"x".repeat(100)} null`,
    ]);
    const user = recorder.ctx()!.user;
    expect([user.userId?.length, user.traits?.score, String(user.traits?.note).length]).toEqual([
      200,
      null,
      2_000,
    ]);
    expect(user.tags).toEqual({ team: "web" });
  });

  it("refuses a reserved event name through onError, never by throwing", () => {
    const errors: unknown[] = [];
    const replay = createReplay(
      resolveOptions({ ...base, onError: (e) => errors.push(e) }),
      fakeRecorder().load,
    );
    expect(() => replay.addCustomEvent("rerun.navigation")).not.toThrow();
    expect(errors).toHaveLength(1);
    expect((errors[0] as { code: string }).code).toBe("callback_failed");
  });

  it("loads no recorder for a session sampling left out", () => {
    const recorder = fakeRecorder();
    const replay = createReplay(
      resolveOptions({ ...base, consent: "granted", sampling: { sessionRate: 0 } }),
      recorder.load,
    );
    expect(recorder.loads()).toBe(0);
    expect(replay.getStatus()).toMatchObject({ state: "sampled_out", reason: "sampled_out" });
  });

  it("fails with recorder_load_failed when the recorder does not load", async () => {
    const replay = createReplay(
      resolveOptions({ ...base, consent: "granted" }),
      () => Promise.reject(new Error("404")),
    );
    await settle();
    expect(replay.getStatus()).toMatchObject({ state: "failed", reason: "recorder_load_failed" });
    expect(replay.getStatus().lastError?.message).toBe("could not load the recorder: 404");
  });

  it("starts nothing when consent is withdrawn while the recorder loads, and drops unsent data on opt-out", async () => {
    const loading = fakeRecorder();
    const withdrawn = createReplay(resolveOptions({ ...base, consent: "granted" }), loading.load);
    withdrawn.optOut();
    loading.release();
    await settle();
    expect(loading.ctx()).toBeNull();
    expect(withdrawn.getStatus()).toMatchObject({ consent: "denied", state: "stopped", reason: "opted_out" });

    const running = fakeRecorder();
    const replay = createReplay(resolveOptions({ ...base, consent: "granted" }), running.load);
    running.release();
    await settle();
    await replay.flush();
    replay.optOut();
    replay.optIn();
    replay.stop();
    expect(running.calls).toEqual(["flush", "stop true"]);
    expect(running.loads()).toBe(2);
    expect(replay.getStatus()).toMatchObject({ state: "stopped", reason: "stopped" });
  });
});
