/**
 * `PRAGMA quick_check` off the event loop. It reads every page of the file, about a second
 * per 300 MB, which for a history of 100,000 runs would freeze the app for most of a minute at
 * start; in a worker thread, on its own read-only connection (WAL lets it read while the app
 * saves), it costs the app nothing. The worker is a few lines of JavaScript evaluated in place,
 * so every host (the Electron main process, the web host, the CLI) can start it without a
 * bundle of its own; it loads libsql from the path this module resolved.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { FAILED_CHECK } from './db';
import { HistoryError } from './sqlite';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.file, { readonly: true, timeout: 5000 });
let answers;
try {
  answers = db.prepare('SELECT quick_check FROM pragma_quick_check').pluck().all();
} finally {
  db.close();
}
parentPort.postMessage(answers);
`;

/**
 * Where libsql is, for the worker. The module's own URL in ESM (the web host, the CLI); in the
 * CommonJS bundle of Electron's main process `import.meta` is empty and `__filename` is set.
 */
function libsqlPath(): string {
  const here = typeof import.meta.url === 'string' ? import.meta.url : __filename;
  return createRequire(here).resolve('libsql');
}

/**
 * Resolves to why the file is damaged, or undefined if it passed (or `signal` stopped the
 * check first). Rejects with a HistoryError if it could not be checked at all (unreadable,
 * locked), which is not damage. The worker has exited when the promise settles, so its
 * connection is closed and the file may be moved.
 */
export function checkIntegrity(file: string, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, libsql: libsqlPath() },
    });
    let stopped = false;
    signal?.addEventListener('abort', () => {
      stopped = true;
      void worker.terminate();
    });
    let answers: string[] | undefined;
    let failure: unknown;
    worker.on('message', (message: string[]) => (answers = message));
    worker.on('error', (error) => (failure = error));
    worker.on('exit', () => {
      if (stopped) resolve(undefined);
      else if (answers)
        resolve(answers.length === 1 && answers[0] === 'ok' ? undefined : FAILED_CHECK);
      else {
        const code = (failure as { code?: unknown } | undefined)?.code;
        if (
          typeof code === 'string' &&
          (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
        ) {
          resolve('SQLite reports it is malformed');
        } else {
          const reason = failure instanceof Error ? failure.message : 'the check stopped';
          reject(new HistoryError(`Could not check the run history ${file}: ${reason}`));
        }
      }
    });
  });
}
