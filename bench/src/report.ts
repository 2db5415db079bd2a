/** One line of the results table. */
export interface Row {
  /** Which measurement, e.g. "Guard cost". */
  section: string;
  metric: string;
  /** Ours, formatted. */
  value: string;
  /** The baseline it is compared with, formatted. */
  baseline?: string;
  /** value ÷ baseline (or the figure the target is about), formatted. */
  ratio?: string;
  /** e.g. "≥ 0.80×". */
  target?: string;
  pass?: boolean;
  note?: string;
}

/** What every measurement returns: table rows plus raw figures for the smoke test. */
export interface Measurement {
  rows: Row[];
  /** Raw measured figures; all finite and positive in a healthy run. */
  numbers: Record<string, number>;
  /** Requests that did not succeed; a healthy run has none. */
  failures?: number;
}

const HEADERS = ['Measurement', 'Metric', 'Ours', 'Baseline', 'Ratio', 'Target', 'Result', 'Note'];

function cells(row: Row): string[] {
  const verdict = row.pass === undefined ? '' : row.pass ? 'PASS' : 'MISS';
  return [
    row.section,
    row.metric,
    row.value,
    row.baseline ?? '',
    row.ratio ?? '',
    row.target ?? '',
    verdict,
    row.note ?? '',
  ];
}

/**
 * A Markdown table (also readable as plain text in a terminal).
 *
 * @example
 * console.log(markdownTable(measurements.flatMap((m) => m.rows)));
 */
export function markdownTable(rows: readonly Row[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((header, i) =>
    Math.max(header.length, ...body.map((line) => line[i]?.length ?? 0)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, i) => value.replace(/\|/g, '\\|').padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(HEADERS), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
