/**
 * Runs a benchmark script under Deno with the collector's V8 flags — the collector is what the figures are
 * about — passing its stderr lines to `log` and answering the JSON of its last stdout line.
 */
import { spawn } from "node:child_process";
import { COLLECTOR_V8_FLAGS } from "../cli/collector-process.ts";
import { DENO_PATH } from "./machine.ts";
import { REPO_ROOT } from "./paths.ts";

export function runDenoScript<T>(opts: {
  script: string;
  args?: string[];
  permissions: string[];
  env?: Record<string, string>;
  log: (line: string) => void;
}): Promise<T> {
  const child = spawn(
    DENO_PATH,
    ["run", ...COLLECTOR_V8_FLAGS, ...opts.permissions, opts.script, ...(opts.args ?? [])],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const name = opts.script.split("/").at(-1);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    const lines = stderr.split("\n");
    stderr = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) opts.log(line);
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`${name} exited with code ${code}: ${stderr.slice(-2000)}`));
      try {
        resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as T);
      } catch (error) {
        reject(new Error(`${name} printed no result: ${String(error)}`));
      }
    });
  });
}
