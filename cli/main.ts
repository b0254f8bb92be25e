/**
 * `rerun`: the command-line entry. Subcommands are imported lazily so `rerun --help` never loads tRPC,
 * Astro or the LLM SDKs. Every failure ends as one line on stderr and a non-zero exit (2 for usage errors).
 */
import { type CommandDef, defineCommand, renderUsage, runCommand } from "citty";
import { escapeControlChars } from "../shared/control-chars.ts";
import { checkArgv } from "./argv-check.ts";
import { CliError } from "./errors.ts";
import { useColour, withoutColour } from "./output.ts";

const main = defineCommand({
  meta: {
    name: "rerun",
    version: "0.1.0",
    description: "Self-hosted session replay: collector, friction reports and tools",
  },
  subCommands: {
    quickstart: () => import("./commands/quickstart.ts").then((m) => m.default),
    stop: () => import("./commands/stop.ts").then((m) => m.default),
    replays: () => import("./commands/replays.ts").then((m) => m.default),
    analyze: () => import("./commands/analyze.ts").then((m) => m.default),
    smoke: () => import("./commands/smoke.ts").then((m) => m.default),
    report: () => import("./commands/report.ts").then((m) => m.default),
    doctor: () => import("./commands/doctor.ts").then((m) => m.default),
    friction: () => import("./commands/friction.ts").then((m) => m.default),
  },
});

/** The (sub)command the words of `rawArgs` name, and its parent, for `--help`. */
async function resolveCommandFor(rawArgs: string[]): Promise<[CommandDef, CommandDef | undefined]> {
  let cmd: CommandDef = main;
  let parent: CommandDef | undefined;
  for (const word of rawArgs.filter((a) => !a.startsWith("-"))) {
    const subs = (cmd.subCommands ?? {}) as Record<string, () => Promise<CommandDef>>;
    const loader = subs[word];
    if (!loader) break;
    parent = cmd;
    cmd = await loader();
  }
  return [cmd, parent];
}

async function run(rawArgs: string[]): Promise<number> {
  if (rawArgs.includes("--help") || rawArgs.includes("-h") || rawArgs.length === 0) {
    const [cmd, parent] = await resolveCommandFor(rawArgs);
    const usage = await renderUsage(cmd, parent);
    process.stdout.write((useColour(process.stdout) ? usage : withoutColour(usage)) + "\n");
    return 0;
  }
  if (rawArgs.length === 1 && (rawArgs[0] === "--version" || rawArgs[0] === "-v")) {
    process.stdout.write("0.1.0\n");
    return 0;
  }
  const problem = await checkArgv(main, rawArgs);
  if (problem) {
    const command = ["rerun", ...problem.path].join(" ");
    const usage = problem.path.length === 0 ? "rerun <command> [OPTIONS]" : `${command} [OPTIONS]`;
    throw new CliError("usage", `${problem.message}\nusage: ${usage} (\`${command} --help\` lists them)`);
  }
  await runCommand(main, { rawArgs });
  return 0;
}

try {
  const code = await run(process.argv.slice(2));
  // A command may already have set a failing exit code (doctor does); never overwrite it with 0.
  if (code !== 0) process.exitCode = code;
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`rerun: ${escapeControlChars(error.message)}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof Error && error.name === "CLIError") {
    // citty's own argument errors (missing/invalid flags).
    process.stderr.write(`rerun: ${escapeControlChars(error.message)}; run with --help for usage\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(
      `rerun: unexpected error: ${
        escapeControlChars(error instanceof Error ? error.message : String(error))
      }\n`,
    );
    process.exitCode = 1;
  }
}
