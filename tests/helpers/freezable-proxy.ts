/**
 * A TCP proxy on a free loopback port that can freeze the service behind it the way a stuck dependency does:
 * it keeps accepting connections and never answers. While frozen, every byte either side sends is swallowed;
 * a connection that lost bytes stays open and silent for good (a request lost in a black hole), and only
 * connections made or idle across the freeze work again after `thaw()`.
 *
 *   await using proxy = await startFreezableProxy({ port: s3Port });
 *   proxy.freeze(); … proxy.thaw();
 */
import { createServer, type Socket } from "node:net";
import { connect } from "node:net";

export type FreezableProxy = {
  /** `http://127.0.0.1:<port>`, to use in place of the service's own URL. */
  url: string;
  freeze(): void;
  thaw(): void;
  /** Connections that lost bytes to a freeze and will never answer. */
  deadConnections(): number;
  stop(): Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
};

export async function startFreezableProxy(target: { host?: string; port: number }): Promise<FreezableProxy> {
  let frozen = false;
  let dead = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: target.host ?? "127.0.0.1", port: target.port });
    sockets.add(client).add(upstream);
    let lost = false;
    const relay = (from: Socket, to: Socket) =>
      from.on("data", (chunk) => {
        if (frozen || lost) {
          if (!lost) dead++;
          lost = true;
          return;
        }
        to.write(chunk);
      });
    relay(client, upstream);
    relay(upstream, client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    // A dead connection ignores its upstream closing: it never answers, as a black hole would.
    upstream.on("close", () => {
      if (!lost) close();
    });
    upstream.on("error", () => undefined);
    client.on("close", close).on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy has no TCP address");
  let stopped: Promise<void> | null = null;
  const stop = () =>
    stopped ??= new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${address.port}`,
    freeze: () => void (frozen = true),
    thaw: () => void (frozen = false),
    deadConnections: () => dead,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
