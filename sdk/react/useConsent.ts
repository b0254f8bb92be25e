/** `useConsent()`: the live recording status plus `grant` and `deny`, for consent banners. */
import { useCallback, useSyncExternalStore } from "react";
import type { ConsentMeta } from "../boot/consent.ts";
import type { RecordingStatus } from "../status.ts";
import { useReplay } from "./useReplay.ts";

/** What {@link useConsent} returns. */
export type ConsentControls = {
  status: RecordingStatus;
  grant(meta?: ConsentMeta): void;
  deny(): void;
};

/** Subscribes to the handle's status; re-renders on every change. */
export function useConsent(): ConsentControls {
  const replay = useReplay();
  const status = useSyncExternalStore(
    useCallback((onChange: () => void) => replay.onStatusChange(onChange), [replay]),
    () => replay.getStatus(),
    () => replay.getStatus(),
  );
  const grant = useCallback((meta?: ConsentMeta) => replay.optIn(meta), [replay]);
  const deny = useCallback(() => replay.optOut(), [replay]);
  return { status, grant, deny };
}
