/**
 * Entry of the optional observers chunk (ESM build), imported after consent only when one of their options
 * is on. `web-vitals` is a further chunk, imported only when that option is on.
 */
import type { ObserversModule } from "../contract.ts";
import { startOptionalObservers } from "./optional.ts";

export const startObservers: ObserversModule["startObservers"] = (opts) =>
  startOptionalObservers(opts, () => import("web-vitals"));
export { startBehavioralStream } from "./behavioral.ts";
