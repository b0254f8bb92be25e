/**
 * rerun's React binding (`@mimeticinc/rerun/react`); React is a peer dependency.
 */
export { SessionReplayProvider } from "./SessionReplayProvider.ts";
export type { SessionReplayProviderProps } from "./SessionReplayProvider.ts";
export { useConsent } from "./useConsent.ts";
export type { ConsentControls } from "./useConsent.ts";
export { useReplay } from "./useReplay.ts";
