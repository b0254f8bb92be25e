/**
 * Loads the part of the SDK that runs after consent: the recorder file and, only when one of their options
 * is on, the optional observers file (errors, network, console, resource timings, web vitals, behavioral
 * stream).
 * Both are fetched in parallel and the observers start together with rrweb, exactly as if they were one file.
 */
import type { ResolvedOptions } from "../options.ts";
import {
  type ObserversModule,
  type RecorderEntry,
  type RecorderModule,
  recordsErrors,
} from "../record/contract.ts";

/** Whether any option needs the optional observers file. */
export function wantsObservers(options: ResolvedOptions): boolean {
  return recordsErrors(options) || options.network.enabled || options.console.enabled ||
    options.resourceTimings || options.webVitals ||
    options.behavioral;
}

/** How one build fetches its two lazily loaded files. */
export type LazyFiles = { recorder(): Promise<RecorderEntry>; observers(): Promise<ObserversModule> };

/**
 * Fetches the recorder (and the observers when wanted) and joins them into the module the handle starts,
 * once the page has settled and the serializer is warm (see `record/snapshot/ready-to-record.ts`), so the first
 * snapshot is neither taken mid-parse nor made to pay for compiling rrweb.
 */
export function loadRecorderModule(options: ResolvedOptions, files: LazyFiles): Promise<RecorderModule> {
  return Promise.all([files.recorder(), wantsObservers(options) ? files.observers() : null])
    .then(([entry, observers]) =>
      entry.readyToRecord(options.privacy).then(() => entry.createRecorder(observers))
    );
}
