/**
 * An evaluation as text: the CLI's JSON (`{ "<config name>": { "ndcg@10": … }, "baseline": … }`)
 * and its `--table`, and the panel's exports (CSV, JSON, Markdown). Pure text generation, so
 * the CLI and the UI print the same numbers from the same record.
 */
// The browser build: the Node one uses `Buffer` at load time, which the renderer lacks.
import { stringify } from 'csv-stringify/browser/esm/sync';
import { pairwiseMatrix } from './pairwise';
import {
  BASELINE_ID,
  type Evaluation,
  type EvaluationColumn,
  type EvaluationSettings,
} from './schemas';
import { bestColumn } from './summary';

/** The input-order column's label when another column is the baseline. */
export const INPUT_ORDER_LABEL = 'input order';
/** Labels only the input-order column may have, whatever the baseline, so configs' never move. */
const RESERVED = new Set(['baseline', INPUT_ORDER_LABEL]);

/** The id of the column the summary's tests are against (the input order in older records). */
export const baselineOf = (evaluation: { settings?: Pick<EvaluationSettings, 'baseline'> }) =>
  evaluation.settings?.baseline ?? BASELINE_ID;

/**
 * Display names, one per column: the config's name, made unique (`bm25`, `bm25 (2)`); the
 * input-order column is `baseline` while it is the baseline (as in every older record) and
 * `input order` when another column is.
 */
export function columnLabels(evaluation: {
  columns: readonly Pick<EvaluationColumn, 'columnId' | 'name' | 'baseline'>[];
  settings?: Pick<EvaluationSettings, 'baseline'>;
}): Map<string, string> {
  const baselineId = baselineOf(evaluation);
  const labels = new Map<string, string>();
  const used = new Set<string>();
  for (const column of evaluation.columns) {
    if (column.baseline) {
      labels.set(column.columnId, column.columnId === baselineId ? 'baseline' : INPUT_ORDER_LABEL);
      continue;
    }
    let label = column.name;
    for (let n = 2; used.has(label) || RESERVED.has(label); n++) label = `${column.name} (${n})`;
    used.add(label);
    labels.set(column.columnId, label);
  }
  return labels;
}

/**
 * The CLI's JSON: mean per metric for each column by label, the input order last (under
 * "baseline" when it is the baseline, as before `--baseline`; else under "input order").
 */
export function metricsByName(evaluation: Evaluation): Record<string, Record<string, number>> {
  const labels = columnLabels(evaluation);
  const byName: Record<string, Record<string, number>> = {};
  const ordered = [
    ...evaluation.columns.filter((c) => !c.baseline),
    ...evaluation.columns.filter((c) => c.baseline),
  ];
  for (const column of ordered) {
    byName[labels.get(column.columnId)!] = meansOf(evaluation, column.columnId);
  }
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

/** A column's label in a table header: the baseline marked, unless its label says so. */
export function headerLabel(
  evaluation: { settings?: Pick<EvaluationSettings, 'baseline'> },
  labels: Map<string, string>,
  columnId: string,
) {
  const label = labels.get(columnId)!;
  return columnId === baselineOf(evaluation) && label !== 'baseline'
    ? `${label} (baseline)`
    : label;
}

/** Rows of metric × column: the mean, then the randomisation and t-test p-values. */
function grid(evaluation: Evaluation) {
  const labels = columnLabels(evaluation);
  const header = [
    'metric',
    ...evaluation.columns.map((c) => headerLabel(evaluation, labels, c.columnId)),
  ];
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

/** Columns padded to their widest cell, a rule under the header. */
function aligned(cells: string[][]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(cells[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ];
}

/** `bm25, the baseline` or `the baseline (input order)`: what the summary's tests are against. */
export function againstText(evaluation: Evaluation): string {
  const label = columnLabels(evaluation).get(baselineOf(evaluation)) ?? baselineOf(evaluation);
  return label === 'baseline' ? 'the baseline (input order)' : `${label}, the baseline`;
}

/**
 * Per metric, row column against column column: the mean difference, then the Holm-adjusted
 * randomisation / t-test p. Empty with fewer than three columns (one pair: the table has it).
 */
export function pairwiseTables(evaluation: Evaluation): { metric: string; cells: string[][] }[] {
  if (!evaluation.pairwise || evaluation.columns.length < 3) return [];
  const labels = columnLabels(evaluation);
  const ids = evaluation.columns.map((c) => c.columnId);
  return evaluation.settings.metrics.map((metric) => {
    const { cells } = pairwiseMatrix(evaluation.pairwise!, ids, metric);
    return {
      metric,
      cells: [
        [metric, ...ids.map((id) => labels.get(id)!)],
        ...ids.map((id, i) => [
          labels.get(id)!,
          ...cells[i]!.map((cell) =>
            cell
              ? `${signed(cell.test.meanDifference)} p ${formatP(cell.randomisationP)} / ${formatP(cell.tTestP)}`
              : '–',
          ),
        ]),
      ],
    };
  });
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;

/** What the pairwise tables' p-values are: said wherever they are printed. */
export const PAIRWISE_NOTE =
  'pairwise: row − column mean difference, p randomisation / t, Holm–Bonferroni adjusted over the pairs of each metric (each test its own family)';

/** A plain-text table for a terminal; `*` marks the best column of each metric. */
export function textTable(evaluation: Evaluation): string {
  const { header, rows } = grid(evaluation);
  const cells = [header, ...rows.map((row) => row.map((c) => c.value + (c.best ? ' *' : '')))];
  const pairwise = pairwiseTables(evaluation);
  return [
    ...aligned(cells),
    '',
    `${evaluation.queries.length} of ${evaluation.plannedQueries} queries, relevant = grade ≥ ${evaluation.settings.threshold}; * best; p: paired randomisation / t-test against ${againstText(evaluation)}, unadjusted`,
    ...pairwise.flatMap((table) => ['', ...aligned(table.cells)]),
    ...(pairwise.length > 0 ? ['', PAIRWISE_NOTE] : []),
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
    `- p-values: paired two-sided randomisation test / paired t-test against ${escape(againstText(evaluation))}, unadjusted`,
    '',
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (row) =>
        `| ${row.map((c) => (c.best ? `**${escape(c.value)}**` : escape(c.value))).join(' | ')} |`,
    ),
    '',
    `## Wins and losses against ${escape(againstText(evaluation))}, per query`,
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
  const pairwise = pairwiseTables(evaluation);
  if (pairwise.length > 0) {
    lines.push('', '## Every pair of columns', '', `${PAIRWISE_NOTE}.`);
    for (const table of pairwise) {
      const [head, ...body] = table.cells;
      lines.push(
        '',
        `| ${head!.map(escape).join(' | ')} |`,
        `| ${head!.map(() => '---').join(' | ')} |`,
        ...body.map((row) => `| ${row.map(escape).join(' | ')} |`),
      );
    }
  }
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
