/**
 * The typed interaction records analysis works on. `buildTimeline` turns the raw rrweb + SDK stream into
 * these in one pass; detectors read only these, never raw events. Every `t` is milliseconds from the
 * session start, and every `page` is the stripped URL the user was on at that moment.
 */

import type { NodeTraits } from "./node-map.ts";

/** What was clicked, typed in or submitted, described at that moment (node ids repeat across page loads). */
export type TargetInfo = Omit<NodeTraits, "formId"> & {
  /** Unique within the session: page load + node id. Two clicks hit "the same target" when keys match. */
  key: string;
  selector: string;
  tag: string;
  /** Text as recorded (masked unless the page unmasked it). */
  text?: string;
  textField: boolean;
  root: boolean;
  form?: FormRef;
};

/**
 * The form a field or submit belongs to. `submitSelector` is the selector the SDK names it by in a submit
 * (`shared/form-selector.ts`), for recordings whose submits carry no node id; `selector` is the one findings show.
 */
export type FormRef = { key: string; selector: string; submitSelector: string; ignoreAbandon: boolean };

export type ClickRecord = {
  t: number;
  /** Start of the press: the mousedown on the same target just before, else the click itself. */
  pressT: number;
  x: number;
  y: number;
  page: string;
  target: TargetInfo;
};

export type InputRecord = { t: number; page: string; target: TargetInfo; length: number };
export type ScrollRecord = { t: number; page: string; key: string; selector: string; x: number; y: number };
export type NavigationRecord = { t: number; url: string; via: "sdk" | "meta"; kind: string };
export type SubmitRecord = { t: number; page: string; selector: string; formKey?: string };
/** A form field the page itself emptied (a script set its value to ""), as apps do after a submit they took. */
export type FieldResetRecord = { t: number; target: TargetInfo };
export type ErrorRecord = { t: number; page: string; message: string; sdk: boolean };
export type NetworkRecord = {
  /** When the request started. */
  t: number;
  endT: number;
  page: string;
  method: string;
  url: string;
  status: number;
  durationMs: number;
};
export type CustomRecord = { t: number; page: string; tag: string; payload: unknown };
/** A stretch of time on one page (stripped URL); `endT` is the next visit's start or the session end. */
export type Visit = { url: string; t: number; endT: number };
/** A span when a mouse button was held down (a drag, including dragging a scrollbar). */
export type PressSpan = { from: number; to: number };

/** Sorted times of the things that count as a response to a click (SPEC §4), by how long they count. */
export type ResponseTimes = {
  /** Mutation, style/canvas/media/selection, navigation, input, a captured request starting. */
  any: number[];
  /** Scrolls: a response only within `RULES.response.scrollWithinMs`. */
  scroll: number[];
  /** Focus and visibility changes: a response only within `RULES.response.focusWithinMs`. */
  focus: number[];
};

export type Timeline = {
  /** Epoch ms of the first event. */
  startEpochMs: number;
  durationMs: number;
  visits: Visit[];
  clicks: ClickRecord[];
  inputs: InputRecord[];
  scrolls: ScrollRecord[];
  navigations: NavigationRecord[];
  submits: SubmitRecord[];
  fieldResets: FieldResetRecord[];
  errors: ErrorRecord[];
  network: NetworkRecord[];
  customs: CustomRecord[];
  selections: number[];
  presses: PressSpan[];
  responses: ResponseTimes;
  /** Events skipped because their shape was not understood. */
  skipped: number;
};
