/**
 * The server's log: one JSON object per line on stdout (what log shippers parse), every line
 * passed through the log redactor, so a key that reached an error message is masked. Request
 * bodies, queries and documents are never logged: they are the callers' data.
 */
import { redactLogText } from '../../secrets/log-redaction';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined | string[] | number[]>;

export type ServerLog = (level: LogLevel, msg: string, fields?: LogFields) => void;

export function jsonLinesLog(write: (line: string) => void): ServerLog {
  return (level, msg, fields = {}) => {
    // `{"time":…,"level":…,"msg":…` then the fields' own members: the same line as
    // stringifying `{ time, level, msg, ...fields }`, without building that object (a spread
    // literal is V8's slow path, and this runs for every request).
    const head = `{"time":"${new Date().toISOString()}","level":"${level}","msg":${JSON.stringify(msg)}`;
    const rest = JSON.stringify(fields);
    const line = rest === '{}' ? `${head}}` : `${head},${rest.slice(1)}`;
    write(`${redactLogText(line)}\n`);
  };
}

export interface BatchedWriter {
  write: (text: string) => void;
  /** Writes what is pending now (at shutdown, and on process exit). */
  flush: () => void;
}

/**
 * Coalesces writes made in one turn of the event loop into one `write`: under load the
 * request lines of every response a turn finished leave in one system call instead of one
 * each (stdout to a file or pipe is written synchronously). Order is kept; nothing is dropped.
 */
export function batchedWriter(write: (text: string) => void): BatchedWriter {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  return {
    write(text) {
      pending += text;
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    },
    flush,
  };
}
