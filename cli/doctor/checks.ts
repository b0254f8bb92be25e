/**
 * The checks of `rerun doctor`, in the order a missing session is best explained: is the collector up, do
 * the keys work and are they of the right kind, may the page's origin send, what was refused recently, and
 * are sessions arriving at all. Each check returns ok or a failure with one line of detail and one of fix.
 */
import type { CollectorClient } from "../client.ts";
import { preflight } from "./cors-check.ts";
import { fixForRefusal, type RefusalLike } from "./refusal-fixes.ts";

export type DoctorCheck = { name: string; ok: boolean; detail: string; fix?: string };
export type DoctorRefusal = RefusalLike & { firstAt: string; lastAt: string };
export type DoctorReport = { ok: boolean; checks: DoctorCheck[]; refusals: DoctorRefusal[] };

export type DoctorInput = {
  url: string;
  origins: string[];
  clients: { read?: CollectorClient; admin?: CollectorClient; public?: CollectorClient };
  now?: number;
};

/** appId that `ingest.check` verifies; it only has to be well formed. */
const DOCTOR_APP_ID = "rerun-doctor";

export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  let refusals: DoctorRefusal[] = [];
  const now = input.now ?? Date.now();

  const health = await checkHealth(input.url);
  checks.push(health);
  if (!health.ok) return { ok: false, checks, refusals };

  checks.push(
    await checkKey("read key", input.clients.read, "RERUN_READ_KEY / --read-key", "READ_KEYS", async (c) => {
      await c.replays.list.query({ limit: 1 });
    }),
  );
  checks.push(
    await checkKey(
      "admin key",
      input.clients.admin,
      "RERUN_ADMIN_KEY / --admin-key",
      "ADMIN_KEYS",
      async (c) => {
        await c.admin.stats.query();
      },
    ),
  );
  checks.push(
    await checkKey(
      "public key",
      input.clients.public,
      "RERUN_PUBLIC_KEY / --public-key",
      "PUBLIC_INGEST_KEYS",
      async (c) => {
        await c.ingest.check.query({ appId: DOCTOR_APP_ID });
      },
    ),
  );

  for (const origin of input.origins) {
    const verdict = await preflight(input.url, origin);
    checks.push({ name: `cors ${origin}`, ...verdict });
  }

  if (input.clients.admin) {
    try {
      refusals = (await input.clients.admin.admin.refusals.query()).refusals;
      checks.push(refusalCheck(refusals));
    } catch (error) {
      checks.push({
        name: "recent refusals",
        ok: false,
        detail: describe(error),
        fix: "check the admin key",
      });
    }
  } else {
    checks.push({
      name: "recent refusals",
      ok: true,
      detail: "skipped: needs an admin key (RERUN_ADMIN_KEY / --admin-key)",
    });
  }

  const reader = input.clients.read ?? input.clients.admin;
  if (reader) checks.push(await checkArrivals(reader, now));

  return { ok: checks.every((c) => c.ok), checks, refusals };
}

async function checkHealth(url: string): Promise<DoctorCheck> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    if (response.ok) {
      // A degraded database or blob store (issue 28): the collector is up, but ingest answers 503.
      const body = await response.json().catch(() => ({})) as {
        status?: string;
        dependencies?: Record<string, { status?: string; detail?: string }>;
      };
      const degraded = Object.entries(body.dependencies ?? {}).filter(([, d]) => d.status === "degraded");
      if (body.status === "degraded" && degraded.length > 0) {
        return {
          name: "collector",
          ok: false,
          detail: `${url} is up, but ${
            degraded.map(([name, d]) => `${name} is degraded (${d.detail ?? "no detail"})`).join("; ")
          }`,
          fix: "check DATABASE_URL / BLOB_STORE settings, the dependency itself and the collector log",
        };
      }
      return { name: "collector", ok: true, detail: `${url} answers /health` };
    }
    return {
      name: "collector",
      ok: false,
      detail: `${url}/health answered ${response.status}`,
      fix: "is this rerun's collector? check --url / RERUN_URL",
    };
  } catch (error) {
    return {
      name: "collector",
      ok: false,
      detail: `nothing answers at ${url} (${describe(error)})`,
      fix: "start it with `rerun quickstart`, or pass --url / set RERUN_URL",
    };
  }
}

async function checkKey(
  name: string,
  client: CollectorClient | undefined,
  flag: string,
  variable: string,
  call: (client: CollectorClient) => Promise<void>,
): Promise<DoctorCheck> {
  if (!client) return { name, ok: true, detail: `skipped: no key given (${flag})` };
  try {
    await call(client);
    return { name, ok: true, detail: "accepted, and of the right kind" };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401) {
      return {
        name,
        ok: false,
        detail: "the collector does not know this key",
        fix: `use a key listed in ${variable}`,
      };
    }
    if (status === 403) {
      return {
        name,
        ok: false,
        detail: "the key is valid but of the wrong kind",
        fix: `use a key listed in ${variable}`,
      };
    }
    return { name, ok: false, detail: describe(error), fix: "see the collector log" };
  }
}

function refusalCheck(refusals: DoctorRefusal[]): DoctorCheck {
  if (refusals.length === 0) {
    return { name: "recent refusals", ok: true, detail: "no ingest request was refused in the last 24 h" };
  }
  const sorted = [...refusals].sort((a, b) => b.count - a.count);
  const top = sorted[0]!;
  const total = refusals.reduce((n, r) => n + r.count, 0);
  const parts = sorted.slice(0, 3).map((r) =>
    `${r.reason} ×${r.count}${r.origin ? ` from ${r.origin}` : ""}${r.appId ? ` (app ${r.appId})` : ""}`
  );
  return {
    name: "recent refusals",
    ok: false,
    detail: `${total} request(s) refused in the last 24 h: ${parts.join("; ")}`,
    fix: fixForRefusal(top),
  };
}

async function checkArrivals(client: CollectorClient, now: number): Promise<DoctorCheck> {
  try {
    const { replays } = await client.replays.list.query({ limit: 1 });
    const newest = replays[0];
    if (!newest) {
      return {
        name: "sessions arriving",
        ok: false,
        detail: "no session has been stored yet",
        fix: "open your app, grant consent (replay.optIn()), and read replay.getStatus() with debug: true",
      };
    }
    const ageMin = Math.max(0, Math.round((now - Date.parse(newest.lastSeenAt)) / 60_000));
    return {
      name: "sessions arriving",
      ok: true,
      detail: `newest session ${newest.sessionId}, last batch ${ageMin} min ago`,
    };
  } catch (error) {
    return { name: "sessions arriving", ok: false, detail: describe(error), fix: "check the read key" };
  }
}

function httpStatusOf(error: unknown): number | undefined {
  const data = (error as { data?: { httpStatus?: number } } | null)?.data;
  return data?.httpStatus;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
