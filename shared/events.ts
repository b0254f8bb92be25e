/**
 * The SDK's own events. rrweb records the DOM but has no event for navigations, form submits, errors or
 * network requests, so the SDK adds them to the same stream as rrweb custom events (type 5) whose `tag`
 * is one of these. Analysis reads them; the replay player ignores them. Imports nothing.
 */

/** rrweb's event type numbers (from `@rrweb/types` EventType), repeated as constants so pure code needs no rrweb. */
export const RRWEB_EVENT = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

/** rrweb's incremental snapshot sources (`IncrementalSource`). */
export const RRWEB_SOURCE = {
  Mutation: 0,
  MouseMove: 1,
  MouseInteraction: 2,
  Scroll: 3,
  ViewportResize: 4,
  Input: 5,
  TouchMove: 6,
  MediaInteraction: 7,
  StyleSheetRule: 8,
  CanvasMutation: 9,
  Font: 10,
  Log: 11,
  Drag: 12,
  StyleDeclaration: 13,
  Selection: 14,
  AdoptedStyleSheet: 15,
  CustomElement: 16,
} as const;

/** rrweb's mouse interaction kinds (`MouseInteractions`). */
export const RRWEB_MOUSE = {
  MouseUp: 0,
  MouseDown: 1,
  Click: 2,
  ContextMenu: 3,
  DblClick: 4,
  Focus: 5,
  Blur: 6,
  TouchStart: 7,
  TouchMove_Departed: 8,
  TouchEnd: 9,
  TouchCancel: 10,
} as const;

/** Tags of the custom events the SDK itself emits. User custom events may not start with `rerun.`. */
export const SDK_EVENT_TAG = {
  navigation: "rerun.navigation",
  submit: "rerun.submit",
  error: "rerun.error",
  network: "rerun.network",
  console: "rerun.console",
  webVital: "rerun.web_vital",
  resource: "rerun.resource",
  visibility: "rerun.visibility",
} as const;

export type SdkEventTag = (typeof SDK_EVENT_TAG)[keyof typeof SDK_EVENT_TAG];

/** Payload of `rerun.navigation`: a full load or an SPA change, with the stripped URL. */
export type NavigationPayload = {
  url: string;
  kind: "load" | "pushState" | "replaceState" | "popstate" | "hashchange";
  /**
   * Full loads only: epoch ms when the browser began this navigation (`performance.timeOrigin`). The load
   * event is recorded once the recorder has started, later; this says when the previous page was left.
   */
  startedAt?: number;
  /** Full loads only: how the page was reached (Navigation Timing `type`). */
  navigationType?: "navigate" | "reload" | "back_forward" | "prerender";
};

/** Payload of `rerun.visibility`: the page was hidden or shown again (`visibilitychange`). */
export type VisibilityPayload = { state: "hidden" | "visible" };

/** Payload of `rerun.submit`: a form submit attempt, recorded in the capture phase. */
export type SubmitPayload = {
  selector: string;
  /** rrweb's id of the form element, which analysis matches fields by; older recordings have none. */
  nodeId?: number;
  url: string;
  /** The browser's built-in validation blocked the attempt (an `invalid` event), so no `submit` followed. */
  invalid?: boolean;
};

/** Payload of `rerun.error`: a window error or unhandled rejection, already redacted. */
export type ErrorPayload = {
  message: string;
  kind: "error" | "unhandledrejection";
  stack?: string;
  source?: string;
  url: string;
  /** Set when the error comes from the SDK itself; analysis ignores those. */
  sdk?: boolean;
  /** Selector of the element last clicked before the error, when there was one. */
  lastClick?: string;
};

/** Payload of `rerun.network`: fetch/XHR metadata; headers and bodies only when configured. */
export type NetworkPayload = {
  method: string;
  url: string;
  status: number;
  startMs: number;
  durationMs: number;
  initiator: "fetch" | "xhr";
  requestBytes?: number;
  responseBytes?: number;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
};
