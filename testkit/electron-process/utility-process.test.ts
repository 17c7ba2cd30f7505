/**
 * The double's utilityProcess against what Electron documents of it (docs/api/utility-process.md,
 * parent-port.md): the child is a real process with `process.parentPort` and no `process.send`,
 * messages wait until the child listens and arrive in order, `exit` carries the exit code, `pid`
 * is gone after exit, and `kill()` ends the child with SIGTERM.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app, startLifecycle, utilityProcess } from '../electron-double';
import { buildElectronProcess } from './build';

const dir = mkdtempSync(path.join(tmpdir(), 'rerank-studio-utility-'));
const script = (name: string, source: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
};

beforeAll(async () => {
  const files = await buildElectronProcess(path.join(dir, 'bootstrap'));
  app.setPath('userData', path.join(dir, 'user-data'));
  startLifecycle({ send: () => {}, utilityBootstrap: files.utilityBootstrap });
  await app.whenReady();
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Child = ReturnType<typeof utilityProcess.fork>;
const exitOf = (child: Child) =>
  new Promise<number>((resolve) => child.once('exit', (code: number) => resolve(code)));

describe("the Electron double's utilityProcess", () => {
  it('queues messages until the child listens, in order, through process.parentPort', async () => {
    // The child listens only after its first timer: the messages posted at once must wait.
    const file = script(
      'late-listener.mjs',
      `setTimeout(() => process.parentPort.on('message', (event) => {
         process.parentPort.postMessage({
           data: event.data, ports: event.ports.length, type: process.type, send: typeof process.send,
         });
         if (event.data.last) process.exit(0);
       }), 50);`,
    );
    const child = utilityProcess.fork(file);
    const replies: unknown[] = [];
    child.on('message', (message: unknown) => replies.push(message));
    const exited = exitOf(child);
    child.postMessage({ n: 1, at: new Date(0) });
    child.postMessage({ n: 2, last: true });
    expect(await exited).toBe(0);
    expect(replies).toEqual([
      { data: { n: 1, at: new Date(0) }, ports: 0, type: 'utility', send: 'undefined' },
      { data: { n: 2, last: true }, ports: 0, type: 'utility', send: 'undefined' },
    ]);
    expect(child.pid).toBeUndefined();
  });

  it('reports the exit code, and kill() ends the child with SIGTERM', async () => {
    const exiting = utilityProcess.fork(script('exit-3.mjs', 'process.exit(3);'));
    expect(await exitOf(exiting)).toBe(3);
    const waiting = utilityProcess.fork(
      script('wait.mjs', "process.parentPort.on('message', () => {});"),
    );
    await new Promise((resolve) => waiting.once('spawn', resolve));
    expect(waiting.pid).toEqual(expect.any(Number));
    const exited = exitOf(waiting);
    expect(waiting.kill()).toBe(true);
    expect(await exited).toBe(15);
    expect(waiting.kill()).toBe(false);
  });

  it('ends the child with exit code 1 when its entry script is missing', async () => {
    expect(
      await exitOf(utilityProcess.fork(path.join(dir, 'missing.mjs'), [], { stdio: 'ignore' })),
    ).toBe(1);
  });
});
