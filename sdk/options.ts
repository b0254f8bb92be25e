/**
 * The SDK's options: {@link RerunOptions} (`rerun-options.ts`) is what `init` accepts, {@link ResolvedOptions}
 * what the internals see. Defaults live in one object, {@link DEFAULTS}, merged once by {@link resolveOptions};
 * every privacy default is the protective one (SPEC §2).
 */
import type { RecordedEvent } from "../shared/batch.ts";
import { isValidAppId, isValidRelease } from "../shared/ids.ts";
import { FLUSH_INTERVAL_MS, FLUSH_MAX_BYTES, MAX_QUEUED_BATCHES } from "../shared/limits.ts";
import type { ConsentValue } from "./boot/consent.ts";
import { SdkError } from "./errors.ts";
import type {
  ConsoleOptions,
  NetworkOptions,
  PrivacyOptions,
  RerunOptions,
  SamplingOptions,
  TriggerOptions,
} from "./rerun-options.ts";
import type { RecordingStatus } from "./status.ts";

/** Default cap of a captured network body: enough for a typical JSON API payload, small next to a batch. */
const NETWORK_BODY_MAX_BYTES = 10_000;

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
