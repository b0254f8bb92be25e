/**
 * The CORS check of `rerun doctor`: asks the collector exactly what a browser asks before the SDK's first
 * POST (a preflight with the SDK's real headers), and says what is wrong in the browser's terms.
 */

/** Headers the SDK sends on `ingest.batch`, so the preflight asks for exactly these. */
export const SDK_REQUEST_HEADERS = ["content-type", "content-encoding", "x-rerun-key"] as const;

export type CorsVerdict = { ok: true; detail: string } | { ok: false; detail: string; fix: string };

/** Judges a preflight response the way Chromium does (Fetch spec, CORS-preflight fetch). */
export function judgePreflight(origin: string, status: number, headers: Headers): CorsVerdict {
  const fix = `restart the collector with ${origin} in CORS_ORIGINS (quickstart: --cors-origin ${origin})`;
  if (status === 403) return { ok: false, detail: `the collector refuses origin ${origin}`, fix };
  if (status < 200 || status > 299) return { ok: false, detail: `preflight answered ${status}`, fix };
  const allowOrigin = headers.get("access-control-allow-origin");
  if (allowOrigin !== origin && allowOrigin !== "*") {
    return {
      ok: false,
      detail: `Access-Control-Allow-Origin is ${allowOrigin ?? "missing"}, not ${origin}`,
      fix,
    };
  }
  const allowed = (headers.get("access-control-allow-headers") ?? "").toLowerCase().split(",").map((h) =>
    h.trim()
  );
  const missing = SDK_REQUEST_HEADERS.filter((h) => !allowed.includes(h) && !allowed.includes("*"));
  if (missing.length > 0) {
    return {
      ok: false,
      detail: `the preflight does not allow the header(s) ${missing.join(", ")}`,
      fix: "upgrade the collector: it must allow content-type, content-encoding and x-rerun-key",
    };
  }
  const methods = (headers.get("access-control-allow-methods") ?? "").toUpperCase();
  if (!methods.includes("POST")) {
    return { ok: false, detail: "the preflight does not allow POST", fix: "upgrade the collector" };
  }
  return { ok: true, detail: `a browser on ${origin} may send sessions` };
}

/** Sends the preflight a browser on `origin` would send before `ingest.batch`. */
export async function preflight(url: string, origin: string): Promise<CorsVerdict> {
  try {
    const response = await fetch(`${url}/trpc/ingest.batch`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": SDK_REQUEST_HEADERS.join(","),
      },
      signal: AbortSignal.timeout(5_000),
    });
    return judgePreflight(origin, response.status, response.headers);
  } catch (error) {
    return {
      ok: false,
      detail: `no answer to the preflight: ${error instanceof Error ? error.message : String(error)}`,
      fix: "start the collector (`rerun quickstart`) or check --url",
    };
  }
}
