/** The React context that carries the replay handle from the provider to the hooks. */
import { createContext } from "react";
import type { ReplayHandle } from "../boot/replay.ts";

/** `null` outside a `SessionReplayProvider`. */
export const ReplayContext = createContext<ReplayHandle | null>(null);
