/**
 * The SDK's options: {@link RerunOptions} is what `init` accepts, {@link ResolvedOptions} what the internals
 * see. Defaults live in one object, {@link DEFAULTS}, merged once by {@link resolveOptions}; every privacy
 * default is the protective one (SPEC §2).
 */
import type { RecordedEvent } from "../shared/batch.ts";
import { isValidAppId, isValidRelease } from "../shared/ids.ts";
import { FLUSH_INTERVAL_MS, FLUSH_MAX_BYTES, MAX_QUEUED_BATCHES } from "../shared/limits.ts";
import type { ConsentValue } from "./boot/consent.ts";
import { SdkError } from "./errors.ts";
import type { RecordingStatus } from "./status.ts";

/** Default cap of a captured network body: enough for a typical JSON API payload, small next to a batch. */
const NETWORK_BODY_MAX_BYTES = 10_000;

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

/** Options after defaults: what every internal module receives. */
export type ResolvedOptions = {
  appId: string;
  publicKey: string;
  ingestBaseUrl: string;
  consent: ConsentValue;
  privacy: Required<PrivacyOptions>;
  flushIntervalMs: number;
  flushMaxBytes: number;
  maxQueuedBatches: number;
  errors: boolean;
  network: Required<Omit<NetworkOptions, "recordHeaders">> & {
    recordHeaders: { request: boolean; response: boolean };
  };
  console: Required<ConsoleOptions> & { enabled: boolean };
  webVitals: boolean;
  resourceTimings: boolean;
  behavioral: boolean;
  release: string | null;
  sampling: Required<SamplingOptions>;
  triggers: Required<TriggerOptions>;
  beforeRecordEvent: ((event: RecordedEvent) => RecordedEvent | null) | null;
  onStatusChange: ((status: RecordingStatus) => void) | null;
  onError: ((error: unknown) => void) | null;
  debug: boolean;
  recorderUrl: string | null;
};

/** Every default in one place. */
export const DEFAULTS = {
  consent: "deferred",
  privacy: {
    maskAllInputs: true,
    maskAllText: true,
    maskAttributes: true,
    blockSelector: "[data-rerun-block]",
    unmaskSelector: "[data-rerun-unmask]",
    redactPatterns: [],
    networkBodyAllowPaths: [],
    networkBodyDenyPaths: [],
  },
  flushIntervalMs: FLUSH_INTERVAL_MS,
  flushMaxBytes: FLUSH_MAX_BYTES,
  maxQueuedBatches: MAX_QUEUED_BATCHES,
  errors: false,
  network: {
    enabled: false,
    recordHeaders: { request: false, response: false },
    recordBody: [],
    bodyMaxBytes: NETWORK_BODY_MAX_BYTES,
    urlDenyList: [],
  },
  console: { enabled: false, levels: ["error", "warn"] },
  webVitals: false,
  resourceTimings: false,
  behavioral: false,
  release: null,
  sampling: { sessionRate: 1, onErrorRate: 0, minDurationMs: 0 },
  triggers: { urls: [], events: [] },
  beforeRecordEvent: null,
  onStatusChange: null,
  onError: null,
  debug: false,
  recorderUrl: null,
} satisfies Omit<ResolvedOptions, "appId" | "publicKey" | "ingestBaseUrl">;

const rate = (value: number | undefined, fallback: number): number =>
  typeof value === "number" && value >= 0 && value <= 1 ? value : fallback;

const positive = (value: number | undefined, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;

/**
 * Merges `options` over {@link DEFAULTS} once.
 *
 * @throws {SdkError} `invalid_options` naming the bad field; `init` turns this into a failed status.
 */
export function resolveOptions(options: RerunOptions): ResolvedOptions {
  if (!options || typeof options !== "object") {
    throw new SdkError("invalid_options", "init(options): options must be an object");
  }
  if (!isValidAppId(options.appId)) {
    throw new SdkError(
      "invalid_options",
      `init(options): appId ${
        JSON.stringify(options.appId)
      } must be 1–64 letters, digits, ".", "_" or "-", ` +
        `starting with a letter or digit (e.g. "my-app")`,
    );
  }
  if (typeof options.publicKey !== "string" || options.publicKey === "") {
    throw new SdkError(
      "invalid_options",
      "init(options): publicKey is required: pass the public key `rerun quickstart` printed (public_replay_…)",
    );
  }
  if (typeof options.ingestBaseUrl !== "string" || !/^https?:\/\//.test(options.ingestBaseUrl)) {
    throw new SdkError(
      "invalid_options",
      `init(options): ingestBaseUrl must be your collector's http(s) URL, e.g. "http://127.0.0.1:8787"`,
    );
  }
  const consent = options.consent ?? DEFAULTS.consent;
  if (consent !== "deferred" && consent !== "granted" && consent !== "denied") {
    throw new SdkError("invalid_options", `init(options): consent must be "deferred", "granted" or "denied"`);
  }
  if (options.release !== undefined && !isValidRelease(options.release)) {
    throw new SdkError(
      "invalid_options",
      "init(options): release must be 1-64 characters of A-Z a-z 0-9 . _ + @ / : - (e.g. a version or commit)",
    );
  }
  const network = typeof options.network === "object"
    ? options.network
    : { enabled: options.network === true };
  const consoleOption = typeof options.console === "object"
    ? { enabled: true, ...options.console }
    : { enabled: options.console === true };
  return {
    appId: options.appId,
    publicKey: options.publicKey,
    ingestBaseUrl: options.ingestBaseUrl.replace(/\/+$/, ""),
    consent,
    privacy: { ...DEFAULTS.privacy, ...options.privacy },
    flushIntervalMs: positive(options.flushIntervalMs, DEFAULTS.flushIntervalMs),
    flushMaxBytes: positive(options.flushMaxBytes, DEFAULTS.flushMaxBytes),
    maxQueuedBatches: positive(options.maxQueuedBatches, DEFAULTS.maxQueuedBatches),
    errors: options.errors === true,
    network: {
      ...DEFAULTS.network,
      ...network,
      recordHeaders: typeof network.recordHeaders === "object" && network.recordHeaders !== null
        ? {
          request: network.recordHeaders.request === true,
          response: network.recordHeaders.response === true,
        }
        : { request: network.recordHeaders === true, response: network.recordHeaders === true },
      recordBody: Array.isArray(network.recordBody)
        ? network.recordBody.map((type) => String(type).toLowerCase())
        : [],
      bodyMaxBytes: positive(network.bodyMaxBytes, DEFAULTS.network.bodyMaxBytes),
    },
    console: { ...DEFAULTS.console, ...consoleOption },
    webVitals: options.webVitals === true,
    resourceTimings: options.resourceTimings === true,
    behavioral: options.behavioral === true ||
      (typeof options.behavioral === "object" && options.behavioral?.enabled === true),
    release: options.release ?? DEFAULTS.release,
    sampling: {
      sessionRate: rate(options.sampling?.sessionRate, DEFAULTS.sampling.sessionRate),
      onErrorRate: rate(options.sampling?.onErrorRate, DEFAULTS.sampling.onErrorRate),
      minDurationMs: positive(options.sampling?.minDurationMs, DEFAULTS.sampling.minDurationMs),
    },
    triggers: { urls: [...(options.triggers?.urls ?? [])], events: [...(options.triggers?.events ?? [])] },
    beforeRecordEvent: options.beforeRecordEvent ?? DEFAULTS.beforeRecordEvent,
    onStatusChange: options.onStatusChange ?? DEFAULTS.onStatusChange,
    onError: options.onError ?? DEFAULTS.onError,
    debug: options.debug === true,
    recorderUrl: options.recorderUrl ?? DEFAULTS.recorderUrl,
  };
}
