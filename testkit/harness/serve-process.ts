/**
 * The built `rerank-studio serve` as a real process on a free loopback port, for tests of what
 * only a process shows: workers, signals, exit codes and the log on stdout. Every stdout line
 * is kept as written (to check it is whole JSON) and parsed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** The `listening` line. */
  listening: Record<string, unknown>;
  /** stdout, line by line, as written. */
  raw: string[];
  /** Every stdout line that parsed, in order. */
  log: Record<string, unknown>[];
  stderr: () => string;
  /** Settles with the exit code (or the signal's name). */
  exited: Promise<number | string | null>;
  /** The first log line (already written or to come) that matches, within `timeoutMs`. */
  waitForLine(
    match: (entry: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** SIGKILLs the process if it is still running (cleanup). */
  kill(): Promise<void>;
}

export const CLI = path.resolve('out/node/cli.mjs');

export async function startServe(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<ServeProcess> {
  if (!existsSync(CLI))
    throw new Error('run `npm run build:node` first: out/node/cli.mjs is missing');
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const raw: string[] = [];
  const log: Record<string, unknown>[] = [];
  const waiters: {
    match: (e: Record<string, unknown>) => boolean;
    found: (e: Record<string, unknown>) => void;
  }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    raw.push(line);
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    log.push(entry);
    for (const waiter of [...waiters]) {
      if (!waiter.match(entry)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.found(entry);
    }
  });
  const waitForLine: ServeProcess['waitForLine'] = (match, within = timeoutMs) => {
    const seen = log.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no matching log line within ${within} ms; stderr: ${stderr}`));
      }, within);
      const waiter = {
        match,
        found: (entry: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(entry);
        },
      };
      waiters.push(waiter);
      void exited.then((code) => {
        if (!waiters.includes(waiter)) return;
        clearTimeout(timer);
        reject(new Error(`serve exited (${code}) first; stderr: ${stderr}`));
      });
    });
  };
  const listening = await waitForLine((entry) => entry.msg === 'listening');
  return {
    child,
    url: listening.url as string,
    listening,
    raw,
    log,
    stderr: () => stderr,
    exited,
    waitForLine,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request. Without `agent`, on a connection of its own (which the cluster hands to
 * the next worker in turn); with a keep-alive agent, on that agent's connection.
 */
export function httpCall(
  url: string,
  init: {
    method?: string;
    path: string;
    body?: string;
    headers?: Record<string, string>;
    agent?: Agent;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${init.path}`,
      {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        agent: init.agent ?? false,
        headers: {
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * One kept-alive connection to each of `count` distinct workers: new agents until each
 * worker has one (the cluster hands connections out in turn, so a few suffice; bounded).
 */
export async function agentPerWorker(
  url: string,
  count: number,
  tries = 8 * count,
): Promise<Map<string, Agent>> {
  const agents = new Map<string, Agent>();
  for (let i = 0; i < tries && agents.size < count; i++) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answer = await httpCall(url, { path: '/healthz', agent });
    const worker = String(answer.headers['x-rerank-worker']);
    if (agents.has(worker)) agent.destroy();
    else agents.set(worker, agent);
  }
  if (agents.size < count)
    throw new Error(`reached ${agents.size} of ${count} workers in ${tries} connections`);
  return agents;
}
