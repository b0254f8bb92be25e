/**
 * Reads at most the first `maxBytes` of a response body as text, then cancels the rest.
 *
 * `response.clone().text()` would buffer the whole copy: a large download doubles in memory, and a stream
 * that never ends (server-sent events, long polling) never resolves, so its network event would never be
 * recorded. The recorded body is cut at `bodyMaxBytes` anyway, so nothing past that is worth reading.
 */
export async function readTextPrefix(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let read = 0;
  try {
    while (read < maxBytes) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      const take = value.subarray(0, maxBytes - read);
      read += take.length;
      text += decoder.decode(take, { stream: true });
    }
    return text;
  } finally {
    // Frees the clone's side of the tee; the page's own copy of the body is not affected.
    reader.cancel().catch(() => undefined);
  }
}
