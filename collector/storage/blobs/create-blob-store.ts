/** Picks the blob store `BLOB_STORE` names; the config schema has already checked the S3 settings. */
import type { CollectorConfig } from "../../../shared/config.ts";
import type { BlobStore } from "./blob-store.ts";
import { createFsBlobStore, type FsBlobStore, type FsBlobStoreOptions } from "./fs-store.ts";
import { createS3BlobStore } from "./s3-store.ts";

/** The store; an fs store also offers its folder sweep, and takes `fs` options. */
export function createBlobStore(
  config: CollectorConfig,
  fs: FsBlobStoreOptions = {},
): BlobStore & Partial<Pick<FsBlobStore, "sweep">> {
  switch (config.BLOB_STORE) {
    case "fs":
      return createFsBlobStore(config.BLOB_DIR, fs);
    case "s3":
      return createS3BlobStore({
        endpoint: config.S3_ENDPOINT ?? "",
        region: config.S3_REGION,
        bucket: config.S3_BUCKET ?? "",
        prefix: config.S3_PREFIX,
        accessKeyId: config.S3_ACCESS_KEY_ID ?? "",
        secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? "",
      });
    default: {
      const unreachable: never = config.BLOB_STORE;
      return unreachable;
    }
  }
}
