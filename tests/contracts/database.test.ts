/** The database contract against the embedded libSQL database (`DATABASE_URL=file:…`, the local default). */
import { afterAll, describe } from "vitest";
import { join } from "node:path";
import { makeTempDir, type TempDir } from "../helpers/tmp.ts";
import { runDatabaseCases } from "./database.case.ts";

const dirs: TempDir[] = [];
afterAll(async () => {
  for (const dir of dirs) await dir[Symbol.asyncDispose]();
});

describe("libSQL database over file:", () => {
  runDatabaseCases(async () => {
    const dir = await makeTempDir("rerun-db-file-");
    dirs.push(dir);
    return { url: `file:${join(dir.path, "rerun.db")}` };
  });
});
