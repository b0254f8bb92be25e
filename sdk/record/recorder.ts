/**
 * The recorder: rrweb's `record` with the SDK's masking options, every event scrubbed of text-carrying
 * attributes and URL queries before it leaves this module, plus the SDK's own observers (navigation and
 * submits always; the optional ones, errors included, from their own file: see `observers.ts`). Only this
 * chunk imports rrweb, and it is loaded after consent.
 */
import * as rrweb from "@rrweb/record";
import type { RecordedEvent } from "../../shared/batch.ts";
import { RRWEB_EVENT, RRWEB_SOURCE } from "../../shared/events.ts";
import { createMaskingOptions, createUnmaskLookup } from "../privacy/masking.ts";
import { scrubEvent } from "../privacy/scrub-attributes.ts";
import type { RecorderHandle, RecorderStartOptions } from "./contract.ts";
import { createAdoptedStyleCompleter } from "./adopted-styles.ts";
import { createCustomEvent } from "./custom-event.ts";
import { startNavigationRecording } from "./observers/navigation.ts";
import { sliceFirstSnapshot } from "./snapshot/first-snapshot.ts";

const { record } = rrweb;

/** Incremental sources that mean a person did something (the session's idle clock restarts). */
const USER_SOURCES: ReadonlySet<number> = new Set([
  RRWEB_SOURCE.MouseInteraction,
  RRWEB_SOURCE.Scroll,
  RRWEB_SOURCE.Input,
  RRWEB_SOURCE.TouchMove,
  RRWEB_SOURCE.MouseMove,
  RRWEB_SOURCE.Drag,
  RRWEB_SOURCE.Selection,
]);

function isUserActivity(event: RecordedEvent): boolean {
  if (event.type !== RRWEB_EVENT.IncrementalSnapshot) return false;
  const source = (event.data as { source?: unknown } | null)?.source;
  return typeof source === "number" && USER_SOURCES.has(source);
}

/** Starts rrweb and the SDK observers; returns the handle whose `stop` removes all of them. */
export function startRecording(opts: RecorderStartOptions): RecorderHandle {
  const { privacy, safe } = opts;
  const unmaskAttribute = /^\[([A-Za-z0-9_-]+)\]$/.exec(privacy.unmaskSelector)?.[1] ?? "data-rerun-unmask";
  const unmaskLookup = createUnmaskLookup(privacy.unmaskSelector);
  const isUnmasked = (id: number): boolean => {
    const node = record.mirror.getNode(id);
    const element = node instanceof Element ? node : node?.parentElement ?? null;
    if (!element) return false;
    if (element instanceof HTMLInputElement && element.type === "password") return false;
    return unmaskLookup(element);
  };
  const scrubContext = { isUnmasked, unmaskAttribute, maskAttributes: privacy.maskAttributes };

  const emitSdkEvent = (tag: string, payload: unknown, userActivity: boolean): void => {
    opts.emit(createCustomEvent(tag, payload, Date.now()), { userActivity });
  };

  const completeAdoptedStyles = createAdoptedStyleCompleter();
  // Until the first (sliced) snapshot is out, rrweb refuses a new one; that first one is as fresh anyway.
  let snapshotTaken = false;
  const stopRrweb = record({
    emit: safe.wrap("recorder.emit", (event: RecordedEvent) => {
      if (event.type === RRWEB_EVENT.FullSnapshot) snapshotTaken = true;
      const scrubbed = scrubEvent(completeAdoptedStyles(event), scrubContext);
      opts.emit(scrubbed, { userActivity: isUserActivity(scrubbed) });
    }),
    ...createMaskingOptions(privacy, unmaskLookup),
    // Marks each input event with whether the browser trusted it, so analysis can tell a person's edit from a
    // value a script set (React and React Router fill hidden fields).
    userTriggeredOnInput: true,
    // Read by the SDK build's edit of rrweb (`allowSlicedSnapshot`); without it rrweb snapshots in one task.
    ...{ sliceSnapshot: sliceFirstSnapshot() },
    // rrweb calls this for errors inside its own observers; report them, and tell rrweb they are handled.
    errorHandler: (error: unknown) => {
      safe.run("recorder.rrweb", () => {
        throw error;
      });
      return true;
    },
  });

  const nodeIdOf = (node: Node): number => record.mirror.getId(node);
  const stops: Array<() => void> = [startNavigationRecording({ emit: emitSdkEvent, safe, nodeIdOf })];
  const observers = opts.observers ? opts.observers.startObservers({ ...opts, emit: emitSdkEvent }) : null;
  if (observers) stops.push(observers.stop);

  return {
    stop() {
      for (const stop of stops) safe.run("recorder.stop", stop);
      safe.run("recorder.stop", () => stopRrweb?.());
    },
    takeFullSnapshot() {
      if (snapshotTaken) safe.run("recorder.takeFullSnapshot", () => record.takeFullSnapshot(true));
    },
    recordSdkError(error) {
      observers?.recordSdkError(error);
    },
  };
}
