/**
 * rrweb's incremental events on the timeline: mutations and the other page changes as responses, scrolls,
 * a person's edits (not a script's), and the press, click and focus of the mouse.
 */
import { RRWEB_MOUSE, RRWEB_SOURCE } from "../../shared/events.ts";
import type { ClickRecord, TargetInfo } from "./records.ts";
import { RULES } from "./rules.ts";
import { describeTarget } from "./target.ts";
import { num, type Page, str, type TimelineReader } from "./timeline-reader.ts";

export function readIncremental(
  r: TimelineReader,
  t: number,
  data: Record<string, unknown>,
  page: Page,
): void {
  switch (data.source) {
    case RRWEB_SOURCE.Mutation: {
      const effect = page.map.applyMutation(data);
      if (effect === "none") return;
      r.tl.responses.any.push(t);
      if (effect === "structure") {
        page.inputTargets.clear();
        page.scrollTargets.clear();
      }
      return;
    }
    case RRWEB_SOURCE.MouseInteraction:
      return readMouse(r, t, data, page);
    case RRWEB_SOURCE.Scroll: {
      const id = num(data.id, -1);
      let target = page.scrollTargets.get(id);
      if (target === undefined) {
        target = { key: `${page.load}:${id}`, selector: page.map.selectorFor(id) };
        page.scrollTargets.set(id, target);
      }
      r.tl.scrolls.push({
        t,
        page: r.url,
        key: target.key,
        selector: target.selector,
        x: num(data.x),
        y: num(data.y),
      });
      r.tl.responses.scroll.push(t);
      return;
    }
    case RRWEB_SOURCE.Input: {
      // A value a script set still answers a click; only a person's edit is an input record.
      r.tl.responses.any.push(t);
      const id = num(data.id, -1);
      const length = str(data.text)?.length ?? 0;
      if (!isUserEdit(data, id, page)) {
        // A script emptying a form's field is how a client-side form says it took the submit.
        if (data.userTriggered === false && length === 0) {
          const target = inputTarget(id, page);
          if (target.form) r.tl.fieldResets.push({ t, target });
        }
        return;
      }
      r.tl.inputs.push({ t, page: r.url, target: inputTarget(id, page), length });
      return;
    }
    case RRWEB_SOURCE.Selection:
      r.tl.selections.push(t);
      r.tl.responses.any.push(t);
      return;
    case RRWEB_SOURCE.MediaInteraction:
    case RRWEB_SOURCE.StyleSheetRule:
    case RRWEB_SOURCE.CanvasMutation:
    case RRWEB_SOURCE.StyleDeclaration:
    case RRWEB_SOURCE.AdoptedStyleSheet:
    case RRWEB_SOURCE.CustomElement:
      r.tl.responses.any.push(t);
      return;
    default:
      return;
  }
}

function inputTarget(id: number, page: Page): TargetInfo {
  let target = page.inputTargets.get(id);
  if (!target) {
    target = describeTarget(page.map, { load: page.load, id, actionable: false });
    page.inputTargets.set(id, target);
  }
  return target;
}

/**
 * Whether an input event is a person's edit. The SDK records rrweb's `userTriggered` (whether the browser
 * said the input event was trusted): a value a script sets — React or React Router filling hidden fields,
 * 23 false form_abandon findings in one clean session — says false. A recording made without the flag counts
 * a value only on a field pressed, clicked or focused before in this page load. A hidden input is never
 * edited by a person.
 */
function isUserEdit(data: Record<string, unknown>, id: number, page: Page): boolean {
  if (page.map.attr(id, "type")?.toLowerCase() === "hidden") return false;
  if (typeof data.userTriggered === "boolean") return data.userTriggered;
  return page.touched.has(id);
}

function readMouse(r: TimelineReader, t: number, data: Record<string, unknown>, page: Page): void {
  const id = num(data.id, -1);
  switch (data.type) {
    case RRWEB_MOUSE.MouseDown:
    case RRWEB_MOUSE.TouchStart:
      page.touched.add(id);
      r.lastDown = { id, t };
      r.pressFrom = t;
      return;
    case RRWEB_MOUSE.MouseUp:
    case RRWEB_MOUSE.TouchEnd:
      if (r.pressFrom !== null) r.tl.presses.push({ from: r.pressFrom, to: t });
      r.pressFrom = null;
      return;
    case RRWEB_MOUSE.Click: {
      page.touched.add(id);
      const pressed = r.lastDown !== null && r.lastDown.id === id &&
        t - r.lastDown.t <= RULES.response.pressWithinMs;
      const click: ClickRecord = {
        t,
        pressT: pressed && r.lastDown ? r.lastDown.t : t,
        x: num(data.x),
        y: num(data.y),
        page: r.url,
        target: describeTarget(page.map, { load: page.load, id, actionable: true }),
      };
      r.tl.clicks.push(click);
      return;
    }
    case RRWEB_MOUSE.Focus:
    case RRWEB_MOUSE.Blur:
      if (data.type === RRWEB_MOUSE.Focus) page.touched.add(id);
      // Focus moving to the pressed element (and off the previous one) is the browser's default action
      // for a mousedown, not the page answering: counted, every clicked <button> would look answered.
      if (r.pressFrom !== null && t - r.pressFrom <= RULES.response.pressWithinMs) return;
      r.tl.responses.focus.push(t);
      return;
    default:
      return;
  }
}
