/**
 * Makes every rrweb AdoptedStyleSheet event carry the rules of the sheets it names.
 *
 * rrweb sends a constructed style sheet's rules once, with the first event that adopts it; later adopters
 * (each new shadow root of a Lit component sharing its `static styles`) name the sheet by id only. rrweb's
 * Replayer builds the sheet only while applying that first event, and skips an event whose host element is
 * gone. A seek replays the events onto a virtual DOM and applies adopted sheets after it, when hosts removed
 * on the way (a to-do item filtered out) are gone: the sheet is never built, and every later host replays
 * unstyled (a Lit to-do list after a filter change: 7 % of visible boxes right on a seek, plain rrweb the
 * same). With the rules in every event each host builds its own copy, whatever was removed before it.
 *
 * A sheet changed after adoption (a StyleSheetRule or StyleDeclaration event names it) is left as rrweb sends
 * it, because a copy built from its first rules would miss the change; a full snapshot renumbers the sheets.
 */
import type { RecordedEvent } from "../../shared/batch.ts";
import { RRWEB_EVENT, RRWEB_SOURCE } from "../../shared/events.ts";

type SheetRules = { styleId: number; rules: unknown[] };
type AdoptedData = { source: number; id: number; styleIds: number[]; styles?: SheetRules[] };

/** Returns a function that passes events through, adding known sheet rules to AdoptedStyleSheet events. */
export function createAdoptedStyleCompleter(): (event: RecordedEvent) => RecordedEvent {
  let rulesById = new Map<number, SheetRules>();
  return (event) => {
    if (event.type === RRWEB_EVENT.FullSnapshot) {
      rulesById = new Map();
      return event;
    }
    if (event.type !== RRWEB_EVENT.IncrementalSnapshot) return event;
    const data = event.data as { source?: unknown; styleId?: unknown };
    if (data.source === RRWEB_SOURCE.StyleSheetRule || data.source === RRWEB_SOURCE.StyleDeclaration) {
      if (typeof data.styleId === "number") rulesById.delete(data.styleId);
      return event;
    }
    if (data.source !== RRWEB_SOURCE.AdoptedStyleSheet) return event;
    const adopted = data as AdoptedData;
    for (const sheet of adopted.styles ?? []) rulesById.set(sheet.styleId, sheet);
    const carried = new Set((adopted.styles ?? []).map((sheet) => sheet.styleId));
    const missing = adopted.styleIds.filter((id) => !carried.has(id) && rulesById.has(id));
    if (missing.length === 0) return event;
    const styles = [...(adopted.styles ?? []), ...missing.map((id) => rulesById.get(id)!)];
    return { ...event, data: { ...adopted, styles } };
  };
}
