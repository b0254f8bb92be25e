/**
 * Where the outbox (`outbox.ts`) lives in `sessionStorage`, and how opt-out empties it. Its own file because
 * the pre-consent handle needs only this: the outbox itself loads with the recorder.
 */

/** The `sessionStorage` key of the outbox of `appId`. */
export const outboxKey = (appId: string): string => `rerun.outbox.${appId}`;

/** Removes what the outbox of `appId` holds (opt-out drops unsent data, SPEC §2). */
export function clearOutbox(storage: Storage | null, appId: string): void {
  try {
    storage?.removeItem(outboxKey(appId));
  } catch {
    // Storage that throws holds nothing of ours.
  }
}
