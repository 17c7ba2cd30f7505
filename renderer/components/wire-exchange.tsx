import { useId, useMemo, useState } from 'react';
import type { WireExchange as Exchange } from '../../shared/contract';
import { useAppStore } from '../store/context';
import { exchangeOutcome, formatBody, formatHeaders } from '../store/wire/slice';

/** Props of {@link WireExchange}. */
export interface WireExchangeProps {
  columnId: string;
  /** 0-based position in the column's wire record. */
  index: number;
  exchange: Exchange;
  /** "Column 2". */
  label: string;
}

function outcomeClass(exchange: Exchange): string {
  if (exchange.status === undefined) return 'outcome bad';
  return exchange.status < 400 ? 'outcome good' : 'outcome bad';
}

/** One request and its response: a summary line, expanded to headers and bodies on demand. */
export function WireExchange({ columnId, index, exchange, label }: WireExchangeProps) {
  const copyWireCurl = useAppStore((s) => s.copyWireCurl);
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const number = index + 1;
  return (
    <li className="wire-exchange">
      <div className="wire-summary">
        <button
          type="button"
          className="ghost small disclosure wire-toggle"
          aria-expanded={open}
          aria-controls={open ? detailId : undefined}
          onClick={() => setOpen(!open)}
          title={exchange.url}
        >
          <DisclosureIcon open={open} />
          {/* The spaces keep the words apart in the button's accessible name. */}
          <span className="wire-line">
            <span className="wire-request">
              <span className="wire-attempt">#{exchange.attempt}</span>{' '}
              <span className="wire-method">{exchange.method}</span>{' '}
              <span className="wire-url">{exchange.url}</span>
            </span>{' '}
            <span className="wire-result">
              <span className={outcomeClass(exchange)}>{exchangeOutcome(exchange)}</span>{' '}
              <span className="wire-duration">{exchange.durationMs.toFixed(0)} ms</span>
            </span>
          </span>
        </button>
        {exchange.curlAuth !== undefined && (
          <button
            type="button"
            className="small"
            onClick={() => void copyWireCurl(columnId, index)}
            aria-label={`Copy curl of exchange ${number} of ${label}`}
          >
            Copy curl
          </button>
        )}
        <CopyStatusText columnId={columnId} index={index} />
      </div>
      {/* Bodies can be 256 KiB each: they are formatted and rendered only when asked for. */}
      {open && <ExchangeDetail id={detailId} exchange={exchange} />}
    </li>
  );
}

function ExchangeDetail({ id, exchange }: { id: string; exchange: Exchange }) {
  const requestBody = useMemo(() => formatBody(exchange.requestBody), [exchange.requestBody]);
  const responseBody = useMemo(() => formatBody(exchange.responseBody), [exchange.responseBody]);
  const responded = exchange.status !== undefined;
  return (
    <div id={id} className="wire-detail">
      {exchange.truncated && (
        <p className="inline-note">
          A body was cut to the inspector&apos;s size limit; what is shown is not all of it.
        </p>
      )}
      <WireBlock title="Request headers" text={formatHeaders(exchange.requestHeaders)} />
      <WireBlock title="Request body" text={requestBody} />
      {responded && (
        <>
          <WireBlock title="Response headers" text={formatHeaders(exchange.responseHeaders)} />
          <WireBlock title="Response body" text={responseBody} />
        </>
      )}
    </div>
  );
}

/** A titled, scrollable block; a group rather than a region, so it adds no landmark. */
function WireBlock({ title, text }: { title: string; text: string }) {
  const headingId = useId();
  return (
    <div className="wire-block" role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {/* Focusable so keyboard users can scroll a long body. */}
      <pre tabIndex={0}>{text === '' ? '(empty)' : text}</pre>
    </div>
  );
}

/** The outcome of the last copy of this exchange, announced politely. */
function CopyStatusText({ columnId, index }: { columnId: string; index: number }) {
  const status = useAppStore((s) =>
    s.copyStatus?.columnId === columnId && s.copyStatus.exchange === index
      ? s.copyStatus
      : undefined,
  );
  return (
    <span className={status && !status.ok ? 'copy-status error' : 'copy-status'} role="status">
      {status?.message}
    </span>
  );
}

/** ▸ / ▾ beside a disclosure button's text; hidden from assistive tech, which reads aria-expanded. */
export function DisclosureIcon({ open }: { open: boolean }) {
  return (
    <span className="disclosure-icon" aria-hidden="true">
      {open ? '▾' : '▸'}
    </span>
  );
}
