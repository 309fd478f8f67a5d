import net from 'node:net';

/**
 * A TCP port nobody listens on or is connected from right now, chosen by the OS. Ports derived
 * from a pid or a random number fall in the ephemeral range, where a client connection of the
 * suite may hold them: Postgres then cannot bind and the test fails by chance.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Listen on a free port on every address (IPv4 and IPv6) until `release` is called. */
export async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '::', ipv6Only: false }, resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
