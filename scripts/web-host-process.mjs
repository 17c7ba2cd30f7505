// Starts the built web host as a child process with its own data folder and resolves once it
// prints its URL line (a readiness signal, not a sleep). Used by e2e tests and screenshots.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const READY = /^Rerank Studio web host: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)$/m;

/**
 * `env`: extra environment for the host, e.g. provider keys for the simulator. `inheritEnv:
 * false` starts from nothing but PATH and HOME, so keys on the test machine cannot leak in.
 * `prepareDataDir(dataDir)` runs before the host starts, e.g. to install a model.
 * `dataDir`: use this folder instead of a fresh one; it is the caller's and `stop` leaves it
 * (a test that kills the host and starts another on the same history).
 */
export async function startWebHostProcess({
  timeoutMs = 20_000,
  env = {},
  inheritEnv = true,
  prepareDataDir,
  dataDir: givenDataDir,
} = {}) {
  const base = inheritEnv ? process.env : { PATH: process.env.PATH, HOME: process.env.HOME };
  const dataDir = givenDataDir ?? mkdtempSync(path.join(tmpdir(), 'rerank-studio-e2e-'));
  const removeDataDir = () => {
    if (givenDataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await prepareDataDir?.(dataDir);
  } catch (error) {
    removeDataDir();
    throw error;
  }
  const child = spawn(process.execPath, [path.join(root, 'out/node/web-host.mjs'), '--no-open'], {
    cwd: root,
    env: { ...base, ...env, RERANK_STUDIO_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    removeDataDir();
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`web host did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          origin: match[1],
          token: match[2],
          url: `${match[1]}/#token=${match[2]}`,
          dataDir,
          stop,
          /** Sends SIGKILL now (a crash: no handler runs); resolves once the process is gone. */
          kill() {
            child.kill('SIGKILL');
            return exited;
          },
          /** Everything the host printed so far, stdout and stderr (tests scan it for keys). */
          get output() {
            return output;
          },
          /** How the host ended, if it has: its exit code or the signal that ended it. */
          get ended() {
            return child.exitCode ?? child.signalCode ?? undefined;
          },
        });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with code ${code} before it was ready:\n${output}`));
    });
  });
}
