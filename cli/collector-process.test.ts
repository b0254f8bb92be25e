import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  COLLECTOR_ENTRY,
  COLLECTOR_PERMISSIONS,
  COLLECTOR_V8_FLAGS,
  collectorArgs,
  PACKAGE_ROOT,
} from "./collector-process.ts";

/** The collector's command line as a person types it from the package root. */
const typed = `deno run ${[...COLLECTOR_V8_FLAGS, ...COLLECTOR_PERMISSIONS].join(" ")} ${
  relative(PACKAGE_ROOT, COLLECTOR_ENTRY)
}`;
const read = (path: string) => readFileSync(join(PACKAGE_ROOT, path), "utf8");

describe("the collector's command line", () => {
  it("caps V8's young generation, which is what keeps the collector's memory low under load", () => {
    expect(collectorArgs().slice(0, 2)).toEqual(["run", "--v8-flags=--max-semi-space-size=32"]);
  });

  it("is the same in the deno task, the npm script and the configuration docs", () => {
    expect(JSON.parse(read("deno.json")).tasks.collector).toBe(typed);
    expect(JSON.parse(read("package.json")).scripts.collector).toBe(typed);
    expect(read("docs/CONFIGURATION.md")).toContain(`npx ${typed}`);
  });
});
