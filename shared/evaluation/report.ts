/**
 * An evaluation as text: the CLI's JSON (`{ "<config name>": { "ndcg@10": … }, "baseline": … }`)
 * and its `--table`, and the panel's exports (CSV, JSON, Markdown). Pure text generation, so
 * the CLI and the UI print the same numbers from the same record.
 */
// The browser build: the Node one uses `Buffer` at load time, which the renderer lacks.
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { Evaluation } from './schemas';
import { bestColumn } from './summary';

/** Display names, one per column: the config's name, made unique (`bm25`, `bm25 (2)`). */
export function columnLabels(evaluation: Pick<Evaluation, 'columns'>): Map<string, string> {
  const labels = new Map<string, string>();
  const used = new Set<string>();
  for (const column of evaluation.columns) {
    const base = column.baseline ? 'baseline' : column.name;
    let label = base;
    for (let n = 2; used.has(label) || (!column.baseline && label === 'baseline'); n++) {
      label = `${base} (${n})`;
    }
    used.add(label);
    labels.set(column.columnId, label);
  }
  return labels;
}

/** The CLI's JSON: mean per metric for each column by name, the baseline under "baseline". */
export function metricsByName(evaluation: Evaluation): Record<string, Record<string, number>> {
  const labels = columnLabels(evaluation);
  const byName: Record<string, Record<string, number>> = {};
  for (const column of evaluation.columns.filter((c) => !c.baseline)) {
    byName[labels.get(column.columnId)!] = meansOf(evaluation, column.columnId);
  }
  const baseline = evaluation.columns.find((c) => c.baseline);
  if (baseline) byName.baseline = meansOf(evaluation, baseline.columnId);
  return byName;
}

function meansOf(evaluation: Evaluation, columnId: string): Record<string, number> {
  const means = evaluation.summary.find((s) => s.columnId === columnId)?.means ?? {};
  return Object.fromEntries(
    evaluation.settings.metrics.flatMap((m) => (means[m] === undefined ? [] : [[m, means[m]]])),
  );
}

/** `0.5058`; `–` where there is no value. */
export const formatValue = (value: number | undefined) =>
  value === undefined ? '–' : value.toFixed(4);

/** `0.012`, `<0.001`, `–`. */
export function formatP(p: number | undefined): string {
  if (p === undefined) return '–';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

interface Cell {
  value: string;
  best: boolean;
}

/** Rows of metric × column: the mean, then the randomisation and t-test p-values. */
function grid(evaluation: Evaluation) {
  const labels = columnLabels(evaluation);
  const header = ['metric', ...evaluation.columns.map((c) => labels.get(c.columnId)!)];
  const rows: Cell[][] = evaluation.settings.metrics.map((metric) => {
    const best = bestColumn(evaluation.summary, metric);
    return [
      { value: metric, best: false },
      ...evaluation.columns.map((column) => {
        const summary = evaluation.summary.find((s) => s.columnId === column.columnId);
        const test = summary?.tests?.[metric];
        const mean = formatValue(summary?.means[metric]);
        const p = test ? ` (p ${formatP(test.randomisationP)} / t ${formatP(test.tTestP)})` : '';
        return { value: `${mean}${p}`, best: column.columnId === best };
      }),
    ];
  });
  return { header, rows };
}

/** A plain-text table for a terminal; `*` marks the best column of each metric. */
export function textTable(evaluation: Evaluation): string {
  const { header, rows } = grid(evaluation);
  const cells = [header, ...rows.map((row) => row.map((c) => c.value + (c.best ? ' *' : '')))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(cells[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
    '',
    `${evaluation.queries.length} of ${evaluation.plannedQueries} queries, relevant = grade ≥ ${evaluation.settings.threshold}; * best; p: paired randomisation / t-test against the baseline`,
  ].join('\n');
}

/** Markdown: settings, the table (best in bold), wins and losses, warnings. */
export function markdownReport(evaluation: Evaluation): string {
  const { header, rows } = grid(evaluation);
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const labels = columnLabels(evaluation);
  const lines = [
    `# Evaluation of ${escape(evaluation.dataset.name)}`,
    '',
    `- ${new Date(evaluation.createdAt).toISOString()}, ${evaluation.status}: ${evaluation.queries.length} of ${evaluation.plannedQueries} queries (${evaluation.dataset.format}, ${evaluation.dataset.queries} in the set, ${evaluation.dataset.unjudgedQueries} without judgments)`,
    `- relevant = grade ≥ ${evaluation.settings.threshold}${evaluation.settings.maxCandidates ? `; first ${evaluation.settings.maxCandidates} candidates per query` : ''}`,
    '- p-values: paired two-sided randomisation test / paired t-test against the baseline (input order)',
    '',
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (row) =>
        `| ${row.map((c) => (c.best ? `**${escape(c.value)}**` : escape(c.value))).join(' | ')} |`,
    ),
    '',
    '## Wins and losses against the baseline, per query',
    '',
    `| column | ${evaluation.settings.metrics.join(' | ')} |`,
    `| --- | ${evaluation.settings.metrics.map(() => '---').join(' | ')} |`,
    ...evaluation.summary
      .filter((s) => s.tests)
      .map(
        (s) =>
          `| ${escape(labels.get(s.columnId)!)} | ${evaluation.settings.metrics
            .map((m) => {
              const t = s.tests![m];
              return t ? `${t.wins} / ${t.losses} / ${t.ties}` : '–';
            })
            .join(' | ')} |`,
      ),
    '',
    '(wins / losses / ties)',
  ];
  if (evaluation.warnings.length > 0) {
    lines.push('', '## Notes', '', ...evaluation.warnings.map((w) => `- ${escape(w)}`));
  }
  return `${lines.join('\n')}\n`;
}

/** CSV: a `mean` row per column, then one row per query and column. */
export function csvReport(evaluation: Evaluation): string {
  const labels = columnLabels(evaluation);
  const metrics = evaluation.settings.metrics;
  const records: (string | number)[][] = [['query_id', 'query', 'column', ...metrics]];
  for (const column of evaluation.columns) {
    const means = evaluation.summary.find((s) => s.columnId === column.columnId)?.means ?? {};
    records.push(['mean', '', labels.get(column.columnId)!, ...metrics.map((m) => means[m] ?? '')]);
  }
  for (const query of evaluation.queries) {
    for (const column of evaluation.columns) {
      const values = query.values[column.columnId];
      records.push([
        query.queryId,
        query.query,
        labels.get(column.columnId)!,
        ...metrics.map((m) => values?.[m] ?? query.errors?.[column.columnId] ?? ''),
      ]);
    }
  }
  return stringify(records);
}

/** The whole record, as `eval:get` gives it. */
export function jsonReport(evaluation: Evaluation): string {
  return `${JSON.stringify(evaluation, null, 2)}\n`;
}
