/**
 * Blob store on any S3-compatible bucket (S3, R2, GCS interop, MinIO), for deployments without a durable
 * disk such as Deno Deploy. Requests are signed with SigV4 by aws4fetch and use path-style URLs
 * (`<endpoint>/<bucket>/<prefix><key>`), which every S3-compatible service accepts. A PUT is acknowledged by
 * S3 only once the object is durably stored, which is what `BlobStore.put` promises.
 */
import { AwsClient } from "aws4fetch";
import type { BlobStore } from "./blob-store.ts";
import { isValidBlobKey } from "./blob-store.ts";

export type S3StoreOptions = {
  endpoint: string;
  region: string;
  bucket: string;
  /** Prepended to every key, e.g. `rerun/`; lets one bucket serve several deployments. */
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
};

/** Upper bound on pages of a `list`, so a huge bucket cannot keep one call looping. */
const MAX_LIST_PAGES = 1_000;

export function createS3BlobStore(opts: S3StoreOptions): BlobStore {
  const client = new AwsClient({
    accessKeyId: opts.accessKeyId,
    secretAccessKey: opts.secretAccessKey,
    region: opts.region,
    service: "s3",
    // The collector answers 503 on a storage failure and the SDK retries; no second retry loop here.
    retries: 0,
  });
  const bucketUrl = `${opts.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(opts.bucket)}`;

  const objectUrl = (key: string): string => {
    if (!isValidBlobKey(key)) throw new Error(`refusing malformed blob key ${JSON.stringify(key)}`);
    return `${bucketUrl}/${(opts.prefix + key).split("/").map(encodeURIComponent).join("/")}`;
  };

  const fail = async (what: string, res: Response): Promise<never> => {
    await res.body?.cancel();
    throw new Error(`S3 ${what} failed with HTTP ${res.status} at ${bucketUrl}; check S3_* settings`);
  };

  return {
    async put(key, bytes, signal) {
      const res = await client.fetch(objectUrl(key), {
        method: "PUT",
        signal,
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { "content-type": "application/gzip" },
      });
      if (!res.ok) await fail("PUT", res);
      await res.body?.cancel();
    },
    async get(key, signal) {
      const res = await client.fetch(objectUrl(key), { method: "GET", signal });
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) await fail("GET", res);
      return new Uint8Array(await res.arrayBuffer());
    },
    async delete(key, signal) {
      const res = await client.fetch(objectUrl(key), { method: "DELETE", signal });
      if (!res.ok && res.status !== 404) await fail("DELETE", res);
      await res.body?.cancel();
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | null = null;
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        const url = new URL(bucketUrl);
        url.searchParams.set("list-type", "2");
        url.searchParams.set("prefix", opts.prefix + prefix);
        if (token) url.searchParams.set("continuation-token", token);
        const res = await client.fetch(url.toString(), { method: "GET" });
        if (!res.ok) await fail("LIST", res);
        const xml = await res.text();
        for (const match of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) {
          const key = unescapeXml(match[1] ?? "").slice(opts.prefix.length);
          if (isValidBlobKey(key)) keys.push(key);
        }
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
          ? unescapeXml(xml.match(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/)?.[1] ?? "") ||
            null
          : null;
        if (!token) break;
      }
      return keys.sort();
    },
  };
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
