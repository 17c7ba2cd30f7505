/**
 * The loopback HTTP client against the built web host: it says when its event stream drops,
 * since the host does not replay what it sent meanwhile (the run slice then reads a run's
 * lost columns back from the history).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { createHttpClient } from './http-client';

interface WebHostProcess {
  origin: string;
  token: string;
  stop(): Promise<void>;
}

async function startHost(): Promise<WebHostProcess> {
  const script = new URL('../../scripts/web-host-process.mjs', import.meta.url).href;
  const processes = (await import(script)) as {
    startWebHostProcess(options: { env: Record<string, string> }): Promise<WebHostProcess>;
  };
  const host = await processes.startWebHostProcess({ env: {} });
  onTestFinished(() => host.stop());
  return host;
}

describe('the HTTP client’s event stream', () => {
  it('reports an interruption when the stream drops, and not before', async () => {
    const host = await startHost();
    const client = createHttpClient({ origin: host.origin, token: host.token });
    let interruptions = 0;
    let interrupted!: () => void;
    const dropped = new Promise<void>((resolve) => (interrupted = resolve));
    const stop = client.onEventsInterrupted(() => {
      interruptions += 1;
      interrupted();
    });
    await client.ready();
    // A round trip through the host while the stream is up: nothing to report.
    expect((await client.call('app:info', {})).ok).toBe(true);
    expect(interruptions).toBe(0);

    await host.stop();
    await dropped;
    expect(interruptions).toBe(1);
    stop();
  });
});
