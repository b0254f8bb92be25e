/**
 * A local S3-compatible server (s3rver) on a free loopback port with one bucket, for blob-store tests.
 * `await using s3 = await startS3rver();`
 */
import { createRequire } from "node:module";
import { makeTempDir } from "../helpers/tmp.ts";

type S3rverInstance = { run(): Promise<{ port: number }>; close(): Promise<void> };
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver ships no types; this is the slice of its API the tests use.
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverClass;

export type RunningS3 = {
  endpoint: string;
  bucket: string;
  region: string;
  /** s3rver's fixed development credentials. */
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
};

export async function startS3rver(bucket = "rerun-test"): Promise<RunningS3> {
  const dir = await makeTempDir("rerun-s3-");
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: dir.path,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const stop = async () => {
    await server.close();
    await dir[Symbol.asyncDispose]();
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
