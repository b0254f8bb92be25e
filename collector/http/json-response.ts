/** A JSON answer with its status; errors are answered by `wire-errors.ts`. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
