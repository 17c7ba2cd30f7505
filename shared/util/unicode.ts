/**
 * Text hygiene for anything that will be JSON-encoded or sent over the wire.
 *
 * A lone UTF-16 surrogate (half of an emoji pasted from a broken source, a truncated string)
 * is legal in a JS string but not in UTF-8: `TextEncoder`, Node's `Buffer` and every HTTP
 * client would silently turn it into U+FFFD, and some JSON encoders throw. We repair it once,
 * at validation time, and tell the user which document was changed.
 */

/** True if `text` contains an unpaired surrogate code unit. */
export function hasLoneSurrogate(text: string): boolean {
  return !text.isWellFormed();
}

/** Replaces every unpaired surrogate with U+FFFD (the same repair `TextEncoder` makes). */
export function repairLoneSurrogates(text: string): string {
  return text.toWellFormed();
}

/**
 * Number of bytes `text` takes in UTF-8, without allocating an encoded copy
 * (documents can be megabytes; we only need their size).
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** `1536` → `"1.5 KB"`, for messages about sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 10 ? 0 : 1)} ${units[unit]}`;
}
