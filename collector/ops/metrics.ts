/**
 * Prometheus counters (text exposition format 0.0.4). Labels are closed sets chosen here — route names,
 * status classes, refusal reasons — never a session id, URL, event content or key (SPEC §3).
 */
export type Metrics = {
  countRequest(route: string, status: number): void;
  countBatch(outcome: "accepted" | "duplicate", events: number): void;
  countRefusal(reason: string): void;
  /** One write of aggregated refusal counts to the database, of `rows` rows. */
  countRefusalFlush(rows: number): void;
  /** The exposition text, with gauges the caller read from storage. */
  render(gauges: { sessions: number; storedBytes: number }): string;
  /** Batches accepted since start: how busy ingest is, for the settle loop to yield to it. */
  acceptedBatches(): number;
};

export function createMetrics(): Metrics {
  const requests = new Map<string, number>();
  const refusals = new Map<string, number>();
  const batches = { accepted: 0, duplicate: 0 };
  const refusalFlushes = { writes: 0, rows: 0 };
  let events = 0;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  return {
    countRequest: (route, status) =>
      bump(requests, `route="${route}",status="${Math.floor(status / 100)}xx"`),
    countBatch(outcome, count) {
      batches[outcome]++;
      if (outcome === "accepted") events += count;
    },
    countRefusal: (reason) => bump(refusals, `reason="${reason}"`),
    acceptedBatches: () => batches.accepted,
    countRefusalFlush(rows) {
      refusalFlushes.writes++;
      refusalFlushes.rows += rows;
    },
    render({ sessions, storedBytes }) {
      const lines = [
        "# HELP rerun_http_requests_total HTTP requests by route and status class.",
        "# TYPE rerun_http_requests_total counter",
        ...[...requests].map(([labels, n]) => `rerun_http_requests_total{${labels}} ${n}`),
        "# HELP rerun_ingest_batches_total Batches acknowledged, by outcome.",
        "# TYPE rerun_ingest_batches_total counter",
        `rerun_ingest_batches_total{outcome="accepted"} ${batches.accepted}`,
        `rerun_ingest_batches_total{outcome="duplicate"} ${batches.duplicate}`,
        "# HELP rerun_ingest_events_total Events in accepted batches.",
        "# TYPE rerun_ingest_events_total counter",
        `rerun_ingest_events_total ${events}`,
        "# HELP rerun_ingest_refused_total Refused ingest requests, by reason.",
        "# TYPE rerun_ingest_refused_total counter",
        ...[...refusals].map(([labels, n]) => `rerun_ingest_refused_total{${labels}} ${n}`),
        "# HELP rerun_refusal_flushes_total Database writes of aggregated refusal counts (one per flush).",
        "# TYPE rerun_refusal_flushes_total counter",
        `rerun_refusal_flushes_total ${refusalFlushes.writes}`,
        "# HELP rerun_refusal_rows_written_total Refusal rows upserted by those writes.",
        "# TYPE rerun_refusal_rows_written_total counter",
        `rerun_refusal_rows_written_total ${refusalFlushes.rows}`,
        "# HELP rerun_sessions Sessions stored.",
        "# TYPE rerun_sessions gauge",
        `rerun_sessions ${sessions}`,
        "# HELP rerun_stored_bytes Bytes of stored batch blobs (gzip).",
        "# TYPE rerun_stored_bytes gauge",
        `rerun_stored_bytes ${storedBytes}`,
      ];
      return lines.join("\n") + "\n";
    },
  };
}
