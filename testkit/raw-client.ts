/**
 * HTTP/1.1 clients on a bare socket, for what `fetch` will not send: a request line in
 * absolute form, bytes trickled one at a time (a slowloris client), several requests on one
 * kept-alive connection at a moment the test chooses. Loopback only.
 */
import { connect, type Socket } from 'node:net';

export interface SlowRequestResult {
  /** The status line's code, if the server answered before closing. */
  status?: number;
  /** Everything the server sent. */
  response: string;
  /** From connecting until the server closed the connection. */
  closedAfterMs: number;
}

/**
 * Sends `prefix` at once, then `trickle` one byte every `intervalMs`, and waits for the server
 * to close the connection. Rejects after `deadlineMs` if it never does.
 */
export function slowRequest(options: {
  port: number;
  prefix: string;
  trickle: string;
  intervalMs: number;
  deadlineMs: number;
}): Promise<SlowRequestResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(options.port, '127.0.0.1');
    let response = '';
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < options.trickle.length && socket.writable) socket.write(options.trickle[sent++]!);
    }, options.intervalMs);
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept a slow client for over ${options.deadlineMs} ms`));
    }, options.deadlineMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (response += chunk));
    // A reset after the answer is a close too: the server may not wait for our half.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(deadline);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
      resolve({
        ...(status ? { status: Number(status) } : {}),
        response,
        closedAfterMs: performance.now() - started,
      });
    });
    socket.write(options.prefix);
  });
}

/**
 * A slowloris client: a POST to `path` on 127.0.0.1:`port` with a bearer token whose headers
 * (`part: 'headers'`, a header that never ends) or 1,000-byte body (`part: 'body'`) arrive a
 * byte every 20 ms, so neither is complete for 20 s. Rejects if the server keeps it 5 s.
 */
export function slowClient(options: {
  port: number;
  path: string;
  token: string;
  part: 'headers' | 'body';
}): Promise<SlowRequestResult> {
  const head = [
    `POST ${options.path} HTTP/1.1`,
    `Host: 127.0.0.1:${options.port}`,
    `Authorization: Bearer ${options.token}`,
    'Content-Type: application/json',
  ];
  const body = options.part === 'body';
  return slowRequest({
    port: options.port,
    prefix: `${[...head, ...(body ? ['Content-Length: 1000', '', ''] : [])].join('\r\n')}${body ? '' : '\r\n'}`,
    trickle: body ? ' '.repeat(1000) : `X-Padding: ${'a'.repeat(1000)}`,
    intervalMs: 20,
    deadlineMs: 5_000,
  });
}

/** One kept-alive connection; `send` writes a whole request and reads one whole response. */
export interface RawConnection {
  send(request: string): Promise<{ status: number; headers: string; body: string }>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  isOpen(): boolean;
  destroy(): void;
}

/** Opens a connection to 127.0.0.1:`port` for requests written by hand. */
export async function openRawConnection(port: number): Promise<RawConnection> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  let open = true;
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      open = false;
      resolve();
    }),
  );
  let buffer = Buffer.alloc(0);
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    waiting?.();
  });
  void closed.then(() => waiting?.());

  /** One response with a Content-Length body (all the servers under test send one). */
  async function readResponse() {
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end !== -1) {
        const headers = buffer.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
        if (buffer.length >= end + 4 + length) {
          const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
          buffer = buffer.subarray(end + 4 + length);
          return { status: Number(headers.slice(9, 12)), headers, body };
        }
      }
      if (!open) throw new Error(`connection closed before a whole response: ${String(buffer)}`);
      await new Promise<void>((resolve) => (waiting = resolve));
    }
  }

  return {
    async send(request) {
      socket.write(request);
      return readResponse();
    },
    closed,
    isOpen: () => open,
    destroy: () => socket.destroy(),
  };
}
