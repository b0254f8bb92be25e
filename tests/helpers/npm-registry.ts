/**
 * A real npm registry on loopback: Verdaccio in this process, no uplinks (it serves only what a test
 * publishes; an app's other packages come from the registry npm is configured with, through a scoped
 * `@mimeticinc:registry` line), storage in a temporary folder.
 */
import type { AddressInfo } from "node:net";
import { mkdir, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { join } from "node:path";
import { runServer } from "verdaccio";
import { type CliResult, runProcess } from "./run-cli.ts";

export type NpmRegistry = {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** An npmrc with this registry's token, for `npm publish --userconfig`. */
  userconfig: string;
  /** `npm publish <tarball>` into this registry with `npm` (a path to npm-cli.js run by `node`). */
  publish(tarball: string, npm: { node: string; npmCli: string }): Promise<CliResult>;
  close(): Promise<void>;
};

export async function startNpmRegistry(dir: string): Promise<NpmRegistry> {
  await mkdir(join(dir, "storage"), { recursive: true });
  const server = (await runServer({
    self_path: join(dir, "config.yaml"),
    storage: join(dir, "storage"),
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: 10 } },
    uplinks: {},
    packages: {
      "@mimeticinc/*": { access: "$all", publish: "$authenticated" },
      "**": { access: "$all" },
    },
    web: { enable: false },
    log: { type: "stdout", format: "pretty", level: "error" },
  } as never)) as Server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;

  // A user, through the registry's own sign-up route (what `npm adduser` calls).
  const signup = await fetch(`${url}-/user/org.couchdb.user:rerun-test`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "rerun-test", password: "rerun-test-password" }),
  });
  const { token } = (await signup.json()) as { token?: string };
  if (!signup.ok || !token) throw new Error(`verdaccio sign-up failed: ${signup.status}`);
  const userconfig = join(dir, "publish.npmrc");
  await writeFile(userconfig, `//127.0.0.1:${port}/:_authToken=${token}\n`);

  return {
    url,
    userconfig,
    publish: (tarball, npm) =>
      runProcess(
        npm.node,
        [npm.npmCli, "publish", tarball, "--registry", url, "--userconfig", userconfig, "--access", "public"],
        { label: "npm publish", timeoutMs: 60_000 },
      ),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
