/**
 * The flags of `rerun friction` and `rerun friction check` (SPEC §8), and their translation into the
 * `friction.issues` input, checked here with the same schema the collector uses so a bad flag is a usage
 * error that names the flag, before anything is sent.
 */
import type { ArgsDef } from "citty";
import {
  FRICTION_SORTS,
  FRICTION_STATUSES,
  type FrictionIssuesInput,
  FrictionIssuesInputSchema,
} from "../../shared/friction.ts";
import { FINDING_KINDS } from "../../shared/report.ts";
import { CliError } from "../errors.ts";

export const FRICTION_LIST_ARGS = {
  since: { type: "string", description: 'Window start: "24h", "7d", "30d" or an ISO time', default: "7d" },
  app: { type: "string", description: "Only this app's issues" },
  release: { type: "string", description: "Only sessions of this release" },
  compare: { type: "string", description: "With --release: compare with this release, biggest movers first" },
  route: { type: "string", description: "Only this route template, e.g. /orders/:id" },
  kind: { type: "string", description: `Only this kind: ${FINDING_KINDS.join(", ")}` },
  status: { type: "string", description: `Only this status: ${FRICTION_STATUSES.join(", ")}` },
  "min-sessions": { type: "string", description: "Leave out issues seen in fewer sessions" },
  sort: { type: "string", description: `Order: ${FRICTION_SORTS.join(", ")} (default sessions, or change)` },
  limit: { type: "string", description: "How many issues (1-100)", default: "20" },
} as const satisfies ArgsDef;

/** Input field → the flag that sets it, for error messages. */
const FLAG_OF: Record<string, string> = {
  appId: "--app",
  compareRelease: "--compare",
  minSessions: "--min-sessions",
};

function intFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CliError("usage", `--${name} must be an integer, got "${value}"`);
  return n;
}

/** Parses the list flags into a checked `friction.issues` input; a bad value is a usage error. */
export function parseFrictionListArgs(args: Record<string, unknown>): FrictionIssuesInput {
  const str = (
    name: string,
  ) => (typeof args[name] === "string" && args[name] !== "" ? String(args[name]) : undefined);
  if (str("compare") !== undefined && str("release") === undefined) {
    throw new CliError("usage", "--compare needs --release: it compares release R with release R0");
  }
  const input = {
    since: str("since") ?? "7d",
    ...(str("app") !== undefined ? { appId: str("app") } : {}),
    ...(str("release") !== undefined ? { release: str("release") } : {}),
    ...(str("compare") !== undefined ? { compareRelease: str("compare") } : {}),
    ...(str("route") !== undefined ? { route: str("route") } : {}),
    ...(str("kind") !== undefined ? { kind: str("kind") } : {}),
    ...(str("status") !== undefined ? { status: str("status") } : {}),
    ...(str("min-sessions") !== undefined
      ? { minSessions: intFlag("min-sessions", str("min-sessions")) }
      : {}),
    ...(str("sort") !== undefined ? { sort: str("sort") } : {}),
    ...(str("limit") !== undefined ? { limit: intFlag("limit", str("limit")) } : {}),
  };
  const parsed = FrictionIssuesInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "");
    const flag = FLAG_OF[field] ?? `--${field}`;
    throw new CliError("usage", `${flag}: ${issue?.message ?? "invalid value"}`);
  }
  return input as FrictionIssuesInput;
}
