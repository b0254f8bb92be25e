/**
 * The seed's `GET /v1/stats` (admin key, `Authorization: Bearer`), for its operators' scripts: answered by
 * `admin.stats` itself through the tRPC route, so its key check, rate limit, errors and output cannot drift
 * from the procedure's; only the success envelope is removed.
 */
import type { Call } from "./call.ts";
import { jsonResponse } from "./json-response.ts";

export const V1_STATS_PATH = "/v1/stats";

export async function answerV1Stats(
  call: Call,
  trpcRoute: (call: Call) => Promise<Response>,
): Promise<Response> {
  const url = new URL("/trpc/admin.stats", call.url);
  const res = await trpcRoute({ ...call, req: new Request(url, { headers: call.req.headers }), url });
  if (!res.ok) return res;
  const body = (await res.json()) as { result: { data: unknown } };
  return jsonResponse(200, body.result.data);
}
