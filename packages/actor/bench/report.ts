// Benchmark output for every package: one JSON line per figure as it is measured, then a table with each target met or missed.

/** Which way a figure improves. */
export type Better = 'lower' | 'higher';

/** What a figure is held to. */
export type Target =
  | { type: 'withinBaseline'; factor: number }
  | { type: 'underBytes'; bytes: number }
  | { type: 'below'; value: number; of: string }
  | { type: 'none' };

/** One measured figure: Corral beside a baseline (hand-written, raw ws, raw Redis) doing the same work in the same run. */
export interface Figure {
  bench: string;
  corral: number;
  baseline: number;
  unit: string;
  better: Better;
  target: Target;
}

/** A figure judged against its target. */
export interface Verdict {
  figure: Figure;
  /** corral / baseline, as measured. */
  ratio: number;
  /** How many times worse than the baseline Corral is (below 1: better). */
  slowdown: number;
  /** null when the figure has no target (informational). */
  met: boolean | null;
}

export function judge(figure: Figure): Verdict {
  const ratio = figure.corral / figure.baseline;
  const slowdown = figure.better === 'lower' ? ratio : 1 / ratio;
  const target = figure.target;
  switch (target.type) {
    case 'withinBaseline':
      return { figure, ratio, slowdown, met: slowdown <= target.factor };
    case 'underBytes':
      return { figure, ratio, slowdown, met: figure.corral < target.bytes };
    case 'below':
      return { figure, ratio, slowdown, met: figure.corral < target.value };
    case 'none':
      return { figure, ratio, slowdown, met: null };
    default: {
      const never: never = target;
      throw new Error(`unknown target ${String(never)}`);
    }
  }
}

function describeTarget(target: Target): string {
  switch (target.type) {
    case 'withinBaseline':
      return `within ${target.factor}x of baseline`;
    case 'underBytes':
      return `< ${target.bytes} B`;
    case 'below':
      return `< ${target.of} (${round(target.value).toLocaleString('en-US')})`;
    case 'none':
      return '(informational)';
    default: {
      const never: never = target;
      throw new Error(`unknown target ${String(never)}`);
    }
  }
}

/** Rounds for display: three significant digits, whole numbers from 1000 up. */
function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return Number(value.toFixed(digits));
}

/** The JSON line of one figure. */
export function jsonLine(v: Verdict): string {
  const f = v.figure;
  return JSON.stringify({
    bench: f.bench,
    corral: round(f.corral),
    baseline: round(f.baseline),
    unit: f.unit,
    ratio: round(v.ratio),
    better: f.better,
    target: f.target.type === 'none' ? null : describeTarget(f.target),
    met: v.met,
  });
}

function status(v: Verdict): string {
  if (v.met === null) return 'info';
  return v.met ? 'met' : 'MISSED';
}

/** The closing table: every figure, its ratio to the baseline, its target and whether it is met. */
export function table(verdicts: readonly Verdict[]): string {
  const header = ['bench', 'unit', 'corral', 'baseline', 'corral/baseline', 'vs baseline', 'target', 'status'];
  const rows = verdicts.map((v) => [
    v.figure.bench,
    v.figure.unit,
    round(v.figure.corral).toLocaleString('en-US'),
    round(v.figure.baseline).toLocaleString('en-US'),
    round(v.ratio).toString(),
    `${round(v.slowdown)}x ${v.slowdown >= 1 ? 'worse' : 'better'}`,
    describeTarget(v.figure.target),
    status(v),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
