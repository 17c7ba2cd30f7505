import { createServer } from 'node:net';

/**
 * An http:// URL on loopback where nothing listens: a port the OS just handed out and that was
 * closed again. (Port 9 would do too, but fetch refuses it as a "bad port" before connecting.)
 */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return `http://127.0.0.1:${address.port}`;
}
