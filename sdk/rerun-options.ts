/**
 * What `init` accepts: {@link RerunOptions} and its groups, each option with its `@default`. The defaults
 * themselves and their merge are `options.ts`.
 */
import type { RecordedEvent } from "../shared/batch.ts";
import type { ConsentValue } from "./boot/consent.ts";
import type { RecordingStatus } from "./status.ts";

/** Privacy settings; each default protects the user. */
export type PrivacyOptions = {
  /** Mask the value of every input, textarea and select. @default true */
  maskAllInputs?: boolean;
  /** Mask every text node (replaced by `*` per character). @default true */
  maskAllText?: boolean;
  /** Mask text-carrying attributes: placeholder, title, aria-label, alt, value, data-*. @default true */
  maskAttributes?: boolean;
  /** Elements matching this are not recorded at all (shown as an empty box). @default "[data-rerun-block]" */
  blockSelector?: string;
  /** Text inside elements matching this is recorded as is (never passwords). @default "[data-rerun-unmask]" */
  unmaskSelector?: string;
  /** Extra PII patterns redacted from custom events, tags, traits, errors, console lines, headers and bodies. @default [] */
  redactPatterns?: Array<string | RegExp>;
  /**
   * Network bodies are captured only for URL paths starting with one of these strings or matching one of
   * these RegExps (against the path, without query); empty means every path not denied. @default []
   */
  networkBodyAllowPaths?: Array<string | RegExp>;
  /** Network bodies are never captured for URL paths starting with or matching one of these. @default [] */
  networkBodyDenyPaths?: Array<string | RegExp>;
};

/** Network capture settings: metadata, and headers and bodies only when asked. */
export type NetworkOptions = {
  /** Record fetch and XHR metadata: method, stripped URL, status, duration, sizes. @default false */
  enabled?: boolean;
  /**
   * Record request and response headers (values redacted), or only one side's with
   * `{ request: true, response: false }`; `authorization`, `cookie`, `set-cookie`, `proxy-authorization` and
   * `x-rerun-key` are never recorded. @default false
   */
  recordHeaders?: boolean | { request?: boolean; response?: boolean };
  /**
   * Record request and response bodies whose content type is listed (`"application/json"`, or `"text/*"`
   * for a whole family), redacted, for paths `privacy.networkBodyAllowPaths` allows. @default []
   */
  recordBody?: string[];
  /** Characters of a captured body kept; the rest is cut. @default 10000 */
  bodyMaxBytes?: number;
  /** Requests whose stripped URL contains one of these strings or matches one of these RegExps are skipped. @default [] */
  urlDenyList?: Array<string | RegExp>;
};

/** Console capture settings. */
export type ConsoleOptions = {
  /** Console methods to record. @default ["error", "warn"] */
  levels?: Array<"log" | "info" | "warn" | "error" | "debug">;
};

/** Which consented sessions are recorded (SPEC §2 "Which sessions are recorded"). */
export type SamplingOptions = {
  /** Share of sessions recorded whole, decided once per session. @default 1 */
  sessionRate?: number;
  /** Share of the other sessions that buffer the last 60 s and send it once a JS error happens. @default 0 */
  onErrorRate?: number;
  /** Nothing is sent before the session is this old; a shorter session sends nothing. @default 0 */
  minDurationMs?: number;
};

/** What makes a buffering session start sending. Configuring any makes unsampled sessions buffer. */
export type TriggerOptions = {
  /** Stripped page URLs (substring) or RegExps; reaching one starts sending. @default [] */
  urls?: Array<string | RegExp>;
  /** Custom event names (`addCustomEvent`); recording one starts sending. @default [] */
  events?: string[];
};

/** Options of `init`. `appId`, `publicKey` and `ingestBaseUrl` are required. */
export type RerunOptions = {
  /** Your application's label: 1–64 of `A-Z a-z 0-9 . _ -`, starting with a letter or digit, e.g. `"my-app"`. */
  appId: string;
  /** The public ingest key; sent in the `x-rerun-key` header (or a beacon's body), never in a URL. */
  publicKey: string;
  /** Base URL of your collector, e.g. `https://rerun.example.com`. */
  ingestBaseUrl: string;
  /** Consent at start: nothing is loaded, recorded or sent until it is `granted`. @default "deferred" */
  consent?: ConsentValue;
  /** What is masked and blocked. */
  privacy?: PrivacyOptions;
  /** Cut and send a batch at least this often. @default 5000 */
  flushIntervalMs?: number;
  /** Cut a batch once its events reach this many characters of JSON. @default 1000000 */
  flushMaxBytes?: number;
  /** Unsent batches kept while the collector is unreachable; the oldest is dropped past this. @default 30 */
  maxQueuedBatches?: number;
  /** Record window errors and unhandled rejections as `rerun.error` events. @default false */
  errors?: boolean;
  /** Record fetch/XHR metadata as `rerun.network` events. @default false */
  network?: boolean | NetworkOptions;
  /** Record console calls as `rerun.console` events. @default false */
  console?: boolean | ConsoleOptions;
  /** Record Core Web Vitals (LCP, INP, CLS, FCP, TTFB) as `rerun.web_vital` events. @default false */
  webVitals?: boolean;
  /** Record resource timings (stripped, redacted names) as `rerun.resource` events. @default false */
  resourceTimings?: boolean;
  /**
   * Send a value-free interaction stream (pointer, scroll, focus, key category) to `ingest.behavioral`;
   * `{ enabled: true }` is the same as `true`. @default false
   */
  behavioral?: boolean | { enabled: boolean };
  /**
   * Your app's release (a version or commit, 1–64 of `A-Z a-z 0-9 . _ + @ / : -`), kept with the session
   * so friction issues can be compared release by release. @default undefined
   */
  release?: string;
  /** Which sessions are recorded. */
  sampling?: SamplingOptions;
  /** What makes a buffering session start sending. */
  triggers?: TriggerOptions;
  /** Sees every event before it is batched; return a changed event, or `null` to drop it. @default undefined */
  beforeRecordEvent?: (event: RecordedEvent) => RecordedEvent | null;
  /** Called with the new status on every change. @default undefined */
  onStatusChange?: (status: RecordingStatus) => void;
  /** Called with every error the SDK caught instead of throwing into the page. @default undefined */
  onError?: (error: unknown) => void;
  /** Log every status change as one console line. @default false */
  debug?: boolean;
  /**
   * Script-tag build only: URL of `rerun.recorder.global.js`, loaded after consent.
   * @default the folder `rerun.global.js` was loaded from
   */
  recorderUrl?: string;
};
