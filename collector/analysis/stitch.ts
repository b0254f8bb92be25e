/**
 * Stitching: a session's batches, from several windows (page loads), arriving out of order and sometimes
 * twice, become one timeline.
 *
 * 1. Duplicates of a (windowId, sequence) are dropped; the first copy wins (retries carry the same events).
 * 2. Each window's batches are ordered by sequence, so its events keep the order the SDK recorded them in.
 * 3. Windows are merged into one timeline by timestamp. The sort is stable, so events with equal timestamps
 *    keep their within-window order, and windows are taken in order of their first event.
 * 4. Missing sequence numbers (0..max of each window) are reported as gaps: a replay with a hole must say
 *    so rather than look complete (SPEC §3).
 *
 * Pure: no storage, no runtime APIs.
 */
import type { RecordedEvent } from "../../shared/batch.ts";
import type { SequenceGap, StitchedEvents } from "../../shared/replay.ts";

export type StitchInputBatch = { windowId: string; sequence: number; events: RecordedEvent[] };
export type StitchResult = Omit<StitchedEvents, "sessionId" | "nextCursor">;

export function stitchBatches(input: readonly StitchInputBatch[]): StitchResult {
  const { streams, windows, gaps } = orderWindows(input, (batch) => {
    let firstTs = Number.POSITIVE_INFINITY;
    for (const e of eventsOf(batch)) firstTs = Math.min(firstTs, e.timestamp);
    return firstTs;
  });
  return { events: concatInTimeOrder(streams), windows, gaps };
}

/** A stored batch as its row describes it: no events, so a whole session's rows cost little to order. */
export type StoredBatchOrderInput = { windowId: string; sequence: number; firstTs: number | null };

/**
 * The order {@link stitchBatches} gives a session's batches, worked out from their rows alone — windows by
 * their earliest event, each window's batches by sequence, a duplicate kept once — with the session's windows
 * and gaps. Readers page through a session in this order without holding its events (`replays.events`).
 */
export function orderStoredBatches<TBatch extends StoredBatchOrderInput>(
  rows: readonly TBatch[],
): { ordered: TBatch[]; windows: StitchResult["windows"]; gaps: SequenceGap[] } {
  const { streams, windows, gaps } = orderWindows(rows, (row) => row.firstTs ?? Number.POSITIVE_INFINITY);
  return { ordered: streams.flatMap((s) => s.batches), windows, gaps };
}

/**
 * Steps 1, 2 and 4 of stitching, and the order of step 3: duplicates dropped, each window's batches by
 * sequence, windows by their earliest time (`firstTsOf` a batch), with the windows' figures and gaps.
 */
function orderWindows<TBatch extends { windowId: string; sequence: number }>(
  input: readonly TBatch[],
  firstTsOf: (batch: TBatch) => number,
): {
  streams: Array<{ firstTs: number; windowId: string; batches: TBatch[] }>;
  windows: StitchResult["windows"];
  gaps: SequenceGap[];
} {
  const byWindow = new Map<string, Map<number, TBatch>>();
  for (const batch of input) {
    let window = byWindow.get(batch.windowId);
    if (!window) byWindow.set(batch.windowId, window = new Map());
    if (!window.has(batch.sequence)) window.set(batch.sequence, batch);
  }

  const windows: StitchResult["windows"] = [];
  const gaps: SequenceGap[] = [];
  const streams: Array<{ firstTs: number; windowId: string; batches: TBatch[] }> = [];

  for (const [windowId, bySequence] of byWindow) {
    const ordered = [...bySequence.values()].sort((a, b) => a.sequence - b.sequence);
    const first = ordered[0];
    const last = ordered[ordered.length - 1];
    if (!first || !last) continue;
    windows.push({
      windowId,
      batches: ordered.length,
      firstSequence: first.sequence,
      lastSequence: last.sequence,
    });
    gaps.push(...findGaps(windowId, ordered.map((b) => b.sequence)));
    let firstTs = Number.POSITIVE_INFINITY;
    for (const batch of ordered) firstTs = Math.min(firstTs, firstTsOf(batch));
    streams.push({ firstTs, windowId, batches: ordered });
  }

  streams.sort((a, b) =>
    a.firstTs - b.firstTs || (a.windowId < b.windowId ? -1 : a.windowId > b.windowId ? 1 : 0)
  );
  windows.sort((a, b) => orderOf(streams, a.windowId) - orderOf(streams, b.windowId));
  return { streams, windows, gaps };
}

/**
 * The windows' events, one after another, ordered by timestamp. Usually the concatenation already is (one
 * window, or page loads one after another), so it is only checked; otherwise it is sorted, and
 * Array.prototype.sort is stable (ES2019), which keeps equal-timestamp events in recorded order.
 */
function concatInTimeOrder(streams: ReadonlyArray<{ batches: StitchInputBatch[] }>): RecordedEvent[] {
  let total = 0;
  for (const stream of streams) {
    for (const batch of stream.batches) total += eventsOf(batch).length;
  }
  const events = new Array<RecordedEvent>(total);
  let at = 0;
  let previous = Number.NEGATIVE_INFINITY;
  let ordered = true;
  for (const stream of streams) {
    for (const batch of stream.batches) {
      for (const e of eventsOf(batch)) {
        // Written so that a timestamp that is not a number (NaN) also sends the events through the sort.
        if (ordered && !(e.timestamp >= previous)) ordered = false;
        previous = e.timestamp;
        events[at++] = e;
      }
    }
  }
  return ordered ? events : events.sort((a, b) => a.timestamp - b.timestamp);
}

/** A batch's events as a list; a blob whose `events` is not an array contributes that one value, as before. */
function eventsOf(batch: StitchInputBatch): readonly RecordedEvent[] {
  return Array.isArray(batch.events) ? batch.events : [batch.events];
}

/** Ranges of sequence numbers missing from 0..max; `sequences` is sorted and distinct. */
function findGaps(windowId: string, sequences: number[]): SequenceGap[] {
  const gaps: SequenceGap[] = [];
  let expected = 0;
  for (const sequence of sequences) {
    if (sequence > expected) gaps.push({ windowId, from: expected, to: sequence - 1 });
    expected = sequence + 1;
  }
  return gaps;
}

function orderOf(streams: Array<{ windowId: string }>, windowId: string): number {
  return streams.findIndex((s) => s.windowId === windowId);
}
