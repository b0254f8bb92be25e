/**
 * Makes every rrweb AdoptedStyleSheet event carry the rules of the sheets it names. rrweb sends a constructed
 * sheet's rules only with its first adopter and its Replayer builds the sheet only from that event, so a seek
 * past a removed first host (a Lit to-do list after a filter change) replayed every later host unstyled: 7 %
 * of visible boxes right. A sheet changed after adoption is left as rrweb sends it; a full snapshot
 * renumbers the sheets.
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
