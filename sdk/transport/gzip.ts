/**
 * Gzip through the browser's native `CompressionStream` (runs off the JavaScript hot path, no bundled
 * compressor). Browsers without it send plain JSON, which the collector also accepts.
 */

/** Whether this browser can gzip natively. */
export function canGzip(): boolean {
  return typeof CompressionStream === "function";
}

/** Gzips `text` as UTF-8. */
export async function gzipText(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
