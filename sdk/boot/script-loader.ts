/**
 * Loads one of the script-tag build's lazily loaded files: injects a `<script>` (with the CSP nonce of the
 * script that asks) and resolves with the global the file assigns its exports to.
 */

/** Injects `url` once and resolves with `globalThis[globalName]`, which the file sets when it runs. */
export function loadGlobalScript<T>(url: string, globalName: string, nonce: string | undefined): Promise<T> {
  const existing = (globalThis as Record<string, unknown>)[globalName] as T | undefined;
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = true;
    if (nonce) script.nonce = nonce;
    script.onload = () => {
      const module = (globalThis as Record<string, unknown>)[globalName] as T | undefined;
      if (module) resolve(module);
      else reject(new Error(`${url} loaded but did not define ${globalName}`));
    };
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}
