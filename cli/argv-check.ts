/**
 * Strict arguments: citty accepts any flag and any extra word, so a typo (`--sesion`) or a flag from
 * another tool ran with exit 0 and did something else. {@link checkArgv} names the first word no command
 * declares; `main.ts` prints it with the usage line and exits 2.
 */
import type { ArgsDef, CommandDef } from "citty";

/** Flags of the seed's quickstart that have no meaning here, each with why and what to do instead. */
export const FOREIGN_FLAGS: Readonly<Record<string, string>> = {
  "server-image": "--server-image does not apply: rerun's collector runs under Deno, fetched with npm, " +
    "not from a container image; drop the flag (to run it in a container, build the repository's " +
    "Dockerfile: docs/DEPLOY.md)",
};

export type ArgvProblem = {
  /** The command the problem was found in, e.g. `["analyze"]`. */
  path: string[];
  message: string;
};

type Loader = () => Promise<CommandDef> | CommandDef;

async function argsOf(cmd: CommandDef): Promise<ArgsDef> {
  const args = cmd.args as unknown;
  const value = typeof args === "function" ? await (args as () => unknown)() : await args;
  return (value ?? {}) as ArgsDef;
}

async function subCommandsOf(cmd: CommandDef): Promise<Record<string, Loader>> {
  const subs = cmd.subCommands as unknown;
  const value = typeof subs === "function" ? await (subs as () => unknown)() : await subs;
  return (value ?? {}) as Record<string, Loader>;
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Walks `argv` through `root`'s subcommands; returns the first unknown flag or word, or `null`. */
export async function checkArgv(root: CommandDef, argv: readonly string[]): Promise<ArgvProblem | null> {
  let cmd = root;
  const path: string[] = [];
  let args = await argsOf(cmd);
  let positionalsLeft = Object.values(args).filter((a) => a.type === "positional").length;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") break;
    if (
      word === "--help" || word === "-h" || (path.length === 0 && (word === "--version" || word === "-v"))
    ) {
      continue;
    }
    if (word.startsWith("-")) {
      const [flag = "", inline] = word.replace(/^--?/, "").split(/=(.*)/s, 2);
      let def = findArg(args, flag);
      if (!def && flag.startsWith("no-") && findArg(args, flag.slice(3))?.type === "boolean") {
        def = findArg(args, flag.slice(3));
      }
      if (!def) return { path, message: FOREIGN_FLAGS[flag] ?? `unknown flag ${word.split("=")[0]}` };
      if (def.type !== "boolean" && inline === undefined) {
        if (argv[i + 1] === undefined) return { path, message: `${word} needs a value` };
        i++;
      }
      continue;
    }
    const subs = await subCommandsOf(cmd);
    const sub = subs[word];
    if (sub) {
      cmd = await sub();
      path.push(word);
      args = await argsOf(cmd);
      positionalsLeft = Object.values(args).filter((a) => a.type === "positional").length;
      continue;
    }
    if (positionalsLeft > 0) {
      positionalsLeft--;
      continue;
    }
    return {
      path,
      message: Object.keys(subs).length > 0 ? `unknown command "${word}"` : `unexpected argument "${word}"`,
    };
  }
  return null;
}

function findArg(args: ArgsDef, flag: string): ArgsDef[string] | undefined {
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const alias = "alias" in def ? def.alias : undefined;
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias];
    if (name === flag || camel(name) === flag || aliases.includes(flag)) return def;
  }
  return undefined;
}
