/** `useReplay()`: the replay handle of the nearest `SessionReplayProvider`. */
import { useContext } from "react";
import type { ReplayHandle } from "../boot/replay.ts";
import { ReplayContext } from "./context.ts";

/** Returns the replay handle; throws a clear error when used outside a `SessionReplayProvider`. */
export function useReplay(): ReplayHandle {
  const handle = useContext(ReplayContext);
  // A programming error in the host app, surfaced during render like any missing provider.
  if (!handle) throw new Error("useReplay() must be used inside <SessionReplayProvider>");
  return handle;
}
