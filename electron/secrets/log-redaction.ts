/**
 * Redaction for log lines. A log can carry anything an exception carried, so besides the
 * credential-shaped patterns every redactor masks (headers, fields, `Bearer`, AWS signatures),
 * it masks the values of keys this process has used or stored.
 *
 * To recognise those values without keeping them, it keeps their SHA-256 fingerprints: each
 * token of a log line that looks like a key is hashed and masked if it matches.
 */
import { hash } from 'node:crypto';
import { maskSecret, redactText } from '../../shared/security/redact';

const fingerprints = new Set<string>();
/**
 * The lengths of the values fingerprinted: only a token of one of these lengths can match, so
 * the others (a timestamp, a path, a model name in every log line) are never hashed.
 */
const lengths = new Set<number>();
const fingerprint = (value: string) => hash('sha256', value, 'base64');
const isNoted = (value: string) =>
  lengths.has(value.length) && fingerprints.has(fingerprint(value));

/** Remembers fingerprints of secret values (shorter than 8 characters: too common to mask). */
export function noteSecrets(values: readonly string[]): void {
  for (const value of values) {
    if (value.length < 8) continue;
    fingerprints.add(fingerprint(value));
    lengths.add(value.length);
  }
}

/** Runs of characters keys are made of; `=` is tried both ways (padding, or `name=value`). */
const TOKEN = /[A-Za-z0-9_\-./+=~]{8,}/g;

export function redactLogText(text: string): string {
  const known =
    fingerprints.size === 0
      ? text
      : text.replace(TOKEN, (token) => {
          if (isNoted(token)) return maskSecret(token);
          if (!token.includes('=')) return token;
          return token
            .split('=')
            .map((part) => (part.length >= 8 && isNoted(part) ? maskSecret(part) : part))
            .join('=');
        });
  return redactText(known, []);
}
