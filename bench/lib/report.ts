import { Figure } from './bench';

const format = (n: number | undefined, digits = 0) =>
  n === undefined ? '' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function table(bench: string, figures: readonly Figure[]): string {
  const rows = [
    ['metric', 'value', 'baseline', 'ratio', 'unit'],
    ...figures.map((f) => [f.metric, format(f.value), format(f.baseline), f.ratio === undefined ? '' : `${format(f.ratio * 100)} %`, f.unit]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : column === 4 ? cell : cell.padStart(widths[column]))).join('  ');
  return [`bench ${bench}`, line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const round = (n: number | undefined, digits: number) => (n === undefined ? undefined : Number(n.toFixed(digits)));

export const jsonLines = (bench: string, figures: readonly Figure[]): string =>
  figures
    .map(({ metric, value, unit, baseline, ratio }) =>
      JSON.stringify({ bench, metric, value: round(value, 1), unit, baseline: round(baseline, 1), ratio: round(ratio, 3) }),
    )
    .join('\n');
