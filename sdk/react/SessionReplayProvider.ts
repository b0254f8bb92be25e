/**
 * `<SessionReplayProvider config={…}>`: calls `init` once per provider (on the client) and hands the handle
 * to `useReplay` and `useConsent`. The handle is not stopped on unmount, because React's strict mode mounts
 * twice in development and a stopped handle cannot restart; call `useReplay().stop()` to end recording.
 */
import { createElement, type ReactNode, useState } from "react";
import { init } from "../boot/init.ts";
import type { RerunOptions } from "../rerun-options.ts";
import type { ReplayHandle } from "../boot/replay.ts";
import { ReplayContext } from "./context.ts";

/** Props of {@link SessionReplayProvider}. */
export type SessionReplayProviderProps = { config: RerunOptions; children?: ReactNode };

/**
 * Provides one replay handle to the tree. `config` is read on first render only.
 *
 * @example
 * <SessionReplayProvider config={{ appId: "shop-web", publicKey: "pk_…", ingestBaseUrl: "https://rerun.example.com" }}>
 *   <App />
 * </SessionReplayProvider>
 */
export function SessionReplayProvider(props: SessionReplayProviderProps): ReactNode {
  const [handle] = useState<ReplayHandle>(() => init(props.config));
  return createElement(ReplayContext.Provider, { value: handle }, props.children);
}
