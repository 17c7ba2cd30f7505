import type { ColumnRunProps } from './result-list';
import { plural } from './score-view';

/** How much of a document's text names it in the list. */
const PREVIEW_CHARS = 80;

/**
 * The start of a document's text on one line: whitespace runs collapsed, at most `max`
 * characters (code points, so an emoji is never cut in half), "…" when cut.
 */
export function documentPreview(text: string, max = PREVIEW_CHARS): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('').trimEnd()}…`;
}

/**
 * The documents a column could not score (an LLM judge's answer that did not parse, say),
 * which its ranking leaves out; collapsed under a count. Nothing when every document scored.
 */
export function DocumentErrors({ result, snapshot, label }: ColumnRunProps) {
  const errors = result.documentErrors ?? [];
  if (errors.length === 0) return null;
  const count = errors.length;
  return (
    <details className="document-errors">
      <summary>{`${plural(count, 'document')} could not be scored`}</summary>
      <ul className="document-error-list" aria-label={`Documents not scored in ${label}`}>
        {errors.map((error) => {
          const document = snapshot.documents[error.index];
          return (
            <li key={error.index} className="document-error">
              <p className="result-meta">
                <span className="doc-ref">#{error.index}</span>
                {error.id !== undefined && <span className="doc-id">id {String(error.id)}</span>}
              </p>
              <p className="document-error-text">
                {document ? documentPreview(document.text) : 'not in the last run’s documents'}
              </p>
              <p className="document-error-message">{error.message}</p>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
