/**
 * The wire inspector: "Copy as curl" for a provider exchange, and how its bodies and headers
 * are shown. The exchanges themselves arrive with the column results (run slice).
 */
import type { StateCreator } from 'zustand';
import { toCurl } from '../../../shared/wire/curl';
import type { WireExchange } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/util/result';
import type { AppState } from '../types';

/** The part of the Clipboard API the app uses; tests pass their own. */
export interface TextClipboard {
  writeText(text: string): Promise<void>;
}

/** The browser's clipboard, looked up when used: it is absent outside secure contexts. */
export const systemClipboard: TextClipboard = {
  writeText(text) {
    const clipboard = globalThis.navigator?.clipboard as Clipboard | undefined;
    if (!clipboard) return Promise.reject(new Error('the clipboard is not available here'));
    return clipboard.writeText(text);
  },
};

/** The outcome of the last copy, shown beside the button that asked for it. */
export interface CopyStatus {
  columnId: string;
  /** 0-based position in the column's `wire`. */
  exchange: number;
  ok: boolean;
  message: string;
}

export interface WireSlice {
  copyStatus?: CopyStatus;
  /** Writes an exchange's curl command (credentials as `$ENV` references) to the clipboard. */
  copyWireCurl: (columnId: string, exchange: number) => Promise<Result<void>>;
}

export const createWireSlice =
  (clipboard: TextClipboard): StateCreator<AppState, [], [], WireSlice> =>
  (set, get) => ({
    async copyWireCurl(columnId, exchange) {
      const record = get().columnRuns[columnId]?.result?.wire?.[exchange];
      const curl = record?.curlAuth === undefined ? undefined : toCurl(record, record.curlAuth);
      let result: Result<void>;
      if (curl === undefined) {
        result = fail('not_found', 'this exchange has no curl command');
      } else {
        try {
          await clipboard.writeText(curl);
          result = ok(undefined);
        } catch (error) {
          // Browsers refuse without focus or permission; Electron may deny the permission.
          const reason = error instanceof Error ? error.message : String(error);
          result = fail('internal', `could not copy: ${reason}`);
        }
      }
      set({
        copyStatus: {
          columnId,
          exchange,
          ok: result.ok,
          message: result.ok ? 'Copied' : result.error.message,
        },
      });
      return result;
    },
  });

/** Headers one per line, as they would appear on the wire. */
export function formatHeaders(headers: Record<string, string> | undefined): string {
  if (!headers) return '';
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/**
 * A body for reading: JSON indented, anything else (or a cut body, which is no longer valid
 * JSON) as it came. Only called for an expanded exchange, since bodies can be 256 KiB.
 */
export function formatBody(body: string | undefined): string {
  if (!body) return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** "503", "200", or the transport's error when no response came. */
export function exchangeOutcome(exchange: WireExchange): string {
  if (exchange.status !== undefined) return String(exchange.status);
  return exchange.error ?? 'no response';
}
