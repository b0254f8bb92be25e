/**
 * The corpus: apps nobody here wrote (Debian's Python documentation) and small apps on real UI libraries,
 * each with a clean flow (a person getting on with it: no friction may be reported) and a friction flow
 * whose scripted trouble must be found, of the right kind, near its marked moment, and add up across
 * sessions to a friction issue on the route it happened on.
 */
import type { ExpectedFinding } from "../scenarios/score.ts";
import type { Step } from "./harness.ts";

/** A finding the friction flow must cause, and the route its friction issue is filed under (as listed). */
export type CorpusFinding = ExpectedFinding & { route: string };

export type CorpusApp = {
  name: string;
  clean: readonly Step[];
  friction: readonly Step[];
  /** What the friction flow must report, each near its mark; nothing else may be reported. */
  expected: readonly CorpusFinding[];
};

/** About how long a person reads a page before moving on (the issue: views seen for ≥ 1 s must arrive). */
const DWELL = { do: "wait", ms: 1_200 } as const;

const docsLink = (href: string): Step => ({ do: "click", selector: `a[href="${href}"]`, load: true });

export const PYTHON_DOCS_APP: CorpusApp = {
  name: "python-docs",
  clean: [
    { do: "open", path: "/docs/index.html" },
    DWELL,
    docsLink("tutorial/index.html"),
    DWELL,
    docsLink("appetite.html"),
    DWELL,
    { do: "wheel", deltas: [300, 300, 300], gapMs: 250 },
    DWELL,
    docsLink("interpreter.html"),
    DWELL,
    docsLink("introduction.html"),
    DWELL,
    // A query with few results: Sphinx's search page fetches every result page to show its summary.
    { do: "type", selector: "input[name=q]", text: "walrus", enter: true, load: true },
    { do: "wait", ms: 1_500 },
    { do: "click", selector: "ul.search li a", load: true },
    DWELL,
    { do: "wheel", deltas: [400, 400], gapMs: 300 },
    DWELL,
    docsLink("../index.html"),
    DWELL,
  ],
  friction: [
    { do: "open", path: "/docs/index.html" },
    DWELL,
    docsLink("library/index.html"),
    DWELL,
    // Hunting up and down a long page for something: excessive_scroll.
    { do: "wheel", deltas: [600, -600, 600, -600, 600, -600], gapMs: 200, mark: "hunt" },
    DWELL,
    { do: "click", selector: `a[href="functions.html"]`, load: true, mark: "quick" },
    { do: "wait", ms: 800 },
    // Not what was wanted: straight back (quick_back).
    { do: "back", mark: "back" },
    DWELL,
  ],
  expected: [
    { kind: "excessive_scroll", at: "hunt", route: "/docs/library/index.html" },
    { kind: "quick_back", at: "quick", route: "/docs/library/functions.html" },
  ],
};

const type = (selector: string, text: string, mark?: string): Step => ({ do: "type", selector, text, mark });

/**
 * Material UI's sign-up (Emotion), in the dark scheme: a valid sign-up; then four submits the form refuses
 * (the password stays under 8 characters), with edits in between, before the person gives up
 * (form_error_loop).
 */
export const MUI_SIGNUP_APP: CorpusApp = {
  name: "mui-signup",
  clean: [
    { do: "open", path: "/apps/mui/" },
    { do: "click", selector: "#color-mode" },
    DWELL,
    type("#name", "Ada Lovelace"),
    type("#email", "ada@example.com"),
    type("#password", "correct horse battery"),
    { do: "click", selector: "input[name=updates]" },
    { do: "click", selector: "button[type=submit]" },
    DWELL,
  ],
  friction: [
    { do: "open", path: "/apps/mui/" },
    { do: "click", selector: "#color-mode" },
    DWELL,
    type("#name", "Ada Lovelace"),
    type("#email", "ada@example"),
    type("#password", "secret"),
    { do: "click", selector: "button[type=submit]", mark: "refused" },
    DWELL,
    type("#password", "1"),
    { do: "click", selector: "button[type=submit]" },
    DWELL,
    type("#email", ".c"),
    { do: "click", selector: "button[type=submit]" },
    DWELL,
    type("#email", "om"),
    { do: "click", selector: "button[type=submit]" },
    DWELL,
  ],
  expected: [{ kind: "form_error_loop", at: "refused", route: "/apps/mui" }],
};

const contact = (id: string): Step => ({
  do: "click",
  selector: `#sidebar a[href="/apps/router/contacts/${id}"]`,
});

/**
 * React Router's data APIs: browse contacts, favourite one through a fetcher, edit and save (the action
 * redirects back), search; then a first load whose data file answers 404 (network_error) and a retry.
 */
export const ROUTER_CONTACTS_APP: CorpusApp = {
  name: "router-contacts",
  clean: [
    { do: "open", path: "/apps/router/" },
    DWELL,
    contact("ada"),
    DWELL,
    contact("grace"),
    DWELL,
    { do: "click", selector: "#contact button[name=favorite]" },
    DWELL,
    { do: "click", selector: "#edit" },
    DWELL,
    type("input[name=handle]", "_hopper"),
    { do: "click", selector: "#save" },
    DWELL,
    type("#q", "al"),
    DWELL,
  ],
  friction: [
    { do: "failOnce", url: "**/apps/router/data/contacts.json", status: 404 },
    { do: "open", path: "/apps/router/", mark: "load" },
    DWELL,
    { do: "click", selector: "#retry", load: true },
    DWELL,
    contact("ada"),
    DWELL,
  ],
  expected: [{ kind: "network_error", at: "load", route: "/apps/router" }],
};

/** A Next.js-style `#__next` app: shop and check out; then "Place order" rage-clicked (answers after 4 s). */
export const NEXT_ROOT_APP: CorpusApp = {
  name: "next-root",
  clean: [
    { do: "open", path: "/apps/next/" },
    DWELL,
    { do: "click", selector: "#shop-now" },
    DWELL,
    { do: "click", selector: "#add" },
    DWELL,
    { do: "click", selector: "#nav-checkout" },
    DWELL,
    { do: "click", selector: "#continue" },
    DWELL,
  ],
  friction: [
    { do: "open", path: "/apps/next/" },
    DWELL,
    { do: "click", selector: "#nav-product" },
    DWELL,
    { do: "click", selector: "#add" },
    { do: "click", selector: "#nav-checkout" },
    DWELL,
    { do: "click", selector: "#place-order", times: 4, gapMs: 250, mark: "rage" },
    { do: "wait", ms: 5_000 },
  ],
  expected: [{ kind: "rage_click", at: "rage", route: "/apps/next/checkout" }],
};

const addTodos = (...titles: string[]): Step[] =>
  titles.map((title) => ({ do: "type", selector: "input.new-todo", text: title, enter: true }));

/** Lit web components: add, complete and filter to-dos (items re-created); then a broken "Clear completed". */
export const LIT_TODOS_APP: CorpusApp = {
  name: "lit-todos",
  clean: [
    { do: "open", path: "/apps/lit/" },
    DWELL,
    ...addTodos("Buy milk", "Walk the dog", "Write the report"),
    { do: "click", selector: "todo-item input[type=checkbox]" },
    DWELL,
    { do: "click", selector: "#filter-active" },
    DWELL,
    { do: "click", selector: "#filter-completed" },
    DWELL,
    { do: "click", selector: "#filter-all" },
    DWELL,
  ],
  friction: [
    { do: "open", path: "/apps/lit/" },
    DWELL,
    ...addTodos("Buy milk", "Walk the dog"),
    { do: "click", selector: "todo-item input[type=checkbox]" },
    DWELL,
    { do: "click", selector: "#clear-completed", mark: "clear" },
    { do: "wait", ms: 3_000 },
  ],
  // SPEC §4 counts a click that throws and changes nothing as dead too (error clicks are not excluded).
  expected: [
    { kind: "js_error", at: "clear", route: "/apps/lit" },
    { kind: "error_click", at: "clear", route: "/apps/lit" },
    { kind: "dead_click", at: "clear", route: "/apps/lit" },
  ],
};

/**
 * A hash-routed to-do SPA (`#/active`, `#/completed`); then "Save" answered 404 (network_error) on the
 * `#/active` route, which the clean flow visits too.
 */
export const HASH_TODOS_APP: CorpusApp = {
  name: "hash-todos",
  clean: [
    { do: "open", path: "/apps/hash/" },
    DWELL,
    ...addTodos("Buy milk", "Walk the dog", "Write the report"),
    { do: "click", selector: ".todo-list input.toggle" },
    DWELL,
    { do: "click", selector: `a[href="#/active"]` },
    DWELL,
    { do: "click", selector: `a[href="#/completed"]` },
    DWELL,
    { do: "click", selector: `a[href="#/"]` },
    DWELL,
  ],
  friction: [
    { do: "open", path: "/apps/hash/" },
    DWELL,
    ...addTodos("Buy milk", "Walk the dog"),
    { do: "click", selector: `a[href="#/active"]` },
    DWELL,
    { do: "click", selector: "#save", mark: "save" },
    { do: "wait", ms: 2_000 },
  ],
  expected: [{ kind: "network_error", at: "save", route: "/apps/hash#/active" }],
};

export const CORPUS: readonly CorpusApp[] = [
  PYTHON_DOCS_APP,
  MUI_SIGNUP_APP,
  ROUTER_CONTACTS_APP,
  NEXT_ROOT_APP,
  LIT_TODOS_APP,
  HASH_TODOS_APP,
];
