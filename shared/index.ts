/**
 * rerun's contract: every shape that crosses a process boundary, and the PII patterns both sides use.
 */
export {
  DeleteInputSchema,
  DeleteResultSchema,
  ExportSchema,
  REFUSAL_REASONS,
  RefusalReasonSchema,
  RefusalSchema,
  RefusalsSchema,
  StatsSchema,
} from "./admin.ts";
export type { DeleteInput, DeleteResult, Export, Refusal, RefusalReason, Refusals, Stats } from "./admin.ts";
export {
  BatchMetaSchema,
  BehavioralBatchSchema,
  BehavioralEventSchema,
  ConsentRecordSchema,
  IdSchema,
  IngestAckSchema,
  IngestBatchSchema,
  RecordedEventSchema,
} from "./batch.ts";
export type {
  BatchMeta,
  BehavioralBatch,
  BehavioralEvent,
  ConsentRecord,
  IngestAck,
  IngestBatch,
  IngestBatchInput,
  RecordedEvent,
} from "./batch.ts";
export { CollectorEnvSchema, ConfigError, DEFAULT_CORS_ORIGINS, parseCollectorConfig } from "./config.ts";
export type { CollectorConfig } from "./config.ts";
export { RRWEB_EVENT, RRWEB_MOUSE, RRWEB_SOURCE, SDK_EVENT_TAG } from "./events.ts";
export type {
  ErrorPayload,
  NavigationPayload,
  NetworkPayload,
  SdkEventTag,
  SubmitPayload,
} from "./events.ts";
export { ID_PATTERN, isValidId } from "./ids.ts";
export {
  createRedactionRules,
  DEFAULT_REDACTION_RULES,
  passesIbanCheck,
  passesLuhn,
  redactDeep,
  redactString,
} from "./redact.ts";
export type { RedactionRule } from "./redact.ts";
export {
  MAX_NARRATIVE_ROWS,
  NarrativeInputSchema,
  ReplayEventsInputSchema,
  ReplayListInputSchema,
  ReplayListSchema,
  ReplaySummarySchema,
  SequenceGapSchema,
  SessionRefSchema,
  StitchedEventsSchema,
} from "./replay.ts";
export type {
  NarrativeInput,
  ReplayEventsInput,
  ReplayList,
  ReplayListInput,
  ReplaySummary,
  SequenceGap,
  SessionRef,
  StitchedEvents,
} from "./replay.ts";
export {
  FINDING_KINDS,
  FindingKindSchema,
  FindingSchema,
  FindingTargetSchema,
  FrictionReportSchema,
  FrictionStatsSchema,
  NarrativeRowSchema,
  NarrativeSchema,
  SeveritySchema,
} from "./report.ts";
export type {
  Finding,
  FindingKind,
  FindingTarget,
  FrictionReport,
  FrictionStats,
  Narrative,
  NarrativeRow,
  Severity,
} from "./report.ts";
export { stripUrl } from "./url.ts";
