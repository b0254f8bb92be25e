/**
 * Reads one session back from the real collector through its read procedures (`replays.summary`,
 * `replays.events`, `replays.analyze`), as the CLI does, for browser tests that check what was stored.
 */
import type { FrictionReport } from "../../shared/report.ts";
import type { ReplaySummary, StitchedEvents } from "../../shared/replay.ts";
import type { RunningCollector } from "../helpers/collector.ts";

type Outputs = { summary: ReplaySummary; events: StitchedEvents; analyze: FrictionReport };

/** GET `/trpc/replays.<procedure>` for one session with the read key; `null` while there is no such session. */
export async function readReplay<TProcedure extends keyof Outputs>(
  collector: Pick<RunningCollector, "url" | "readKey">,
  procedure: TProcedure,
  sessionId: string,
): Promise<Outputs[TProcedure] | null> {
  const input = encodeURIComponent(JSON.stringify({ sessionId }));
  const res = await fetch(`${collector.url}/trpc/replays.${procedure}?input=${input}`, {
    headers: { authorization: `Bearer ${collector.readKey}` },
  });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`replays.${procedure} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { result: { data: Outputs[TProcedure] } }).result.data;
}

/** Windows of a stitched session that hold a full snapshot (so they replay), and the sequence gaps. */
export function replayableWindows(stitched: StitchedEvents): { windows: number; snapshots: number } {
  const windows = stitched.windows.filter((w) =>
    w.firstSequence === 0 &&
    !stitched.gaps.some((g) => g.windowId === w.windowId)
  ).length;
  const snapshots = stitched.events.filter((e) => e.type === 2).length;
  return { windows, snapshots };
}
