/**
 * The server's log: one JSON object per line on stdout (what log shippers parse), every line
 * passed through the log redactor, so a key that reached an error message is masked. Request
 * bodies, queries and documents are never logged: they are the callers' data.
 */
import { redactLogText } from '../../secrets/log-redaction';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined | string[]>;

export type ServerLog = (level: LogLevel, msg: string, fields?: LogFields) => void;

export function jsonLinesLog(write: (line: string) => void): ServerLog {
  return (level, msg, fields = {}) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
    write(`${redactLogText(line)}\n`);
  };
}
