import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server (PostgreSQL in the outage tests) that can be told to
 * misbehave the way a network or a database does: pass traffic, swallow it (a stalled
 * server: connections stay open, nothing comes back), or refuse and cut every connection
 * (a server that is down).
 */
export interface TcpProxy {
  port: number;
  mode(mode: 'forward' | 'stall' | 'down'): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let current: 'forward' | 'stall' | 'down' = 'forward';
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (current === 'down') return client.destroy();
    const upstream = connect(targetPort, targetHost);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forget = () => pairs.delete(pair);
    client.on('close', () => {
      forget();
      upstream.destroy();
    });
    upstream.on('close', () => {
      forget();
      client.destroy();
    });
    client.on('data', (chunk: Buffer) => {
      if (current === 'forward') upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (current === 'forward') client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    mode(mode) {
      current = mode;
      if (mode === 'down') for (const [client, upstream] of pairs) (client.destroy(), upstream.destroy());
    },
    close: () =>
      new Promise((resolve) => {
        for (const [client, upstream] of pairs) (client.destroy(), upstream.destroy());
        server.close(() => resolve());
      }),
  };
}
