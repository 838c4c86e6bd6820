/** Figures for the report: FigureData → Vega-Lite spec → SVG, headless (vega View with renderer 'none',
 *  so no canvas or browser). The bytes are deterministic: the spec contains no dates or random ids,
 *  text widths are estimated (not measured from installed fonts), and the clip/gradient ids vega numbers
 *  with process-wide counters are renamed per file. Figures live at report/figures/<claim-id>-<name>.svg. */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData, Series } from '../claims/claim.js';

export const FIGURES_DIR = 'figures';
const WIDTH = 480;
const HEIGHT = 280;
/** Up to this many points per series, a line also marks its points (sparse sweeps read better so). */
const MAX_POINTS_FOR_MARKERS = 40;
/** Room between the outermost points and the frame on a log axis (more than a point marker's radius). */
const EDGE_PADDING_PX = 8;

export function figureFileName(claimId: string, figure: Pick<FigureData, 'name'>): string {
  return `${claimId}-${figure.name}.svg`;
}

interface Row {
  readonly series: string;
  readonly k: number;
  readonly x: number;
  readonly y: number;
  readonly x0?: number;
  readonly x1?: number;
}

/** A point is drawn when both coordinates are finite and positive on a log axis. Evidence read from
 *  JSON may hold non-finite values as strings ("NaN"), so anything but a finite number is dropped. */
function plottable(figure: FigureData, x: unknown, y: unknown): x is number {
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return false;
  if (figure.logX && x <= 0) return false;
  if (figure.logY && y <= 0) return false;
  return true;
}

/** Points not drawn (non-finite, or ≤ 0 on a log axis); the report says how many. */
export function droppedPoints(figure: FigureData): number {
  let dropped = 0;
  for (const s of figure.series) s.x.forEach((x, k) => (dropped += plottable(figure, x, s.y[k]) ? 0 : 1));
  return dropped;
}

/** Half the smallest gap between distinct bin centres (multiplicative on a log axis), so bars touch. */
function barEdges(figure: FigureData, s: Series, x: number): [number, number] {
  const xs = [...new Set(s.x.filter((v) => typeof v === 'number' && Number.isFinite(v) && (!figure.logX || v > 0)))].sort((a, b) => a - b);
  if (figure.logX) {
    let ratio = Number.POSITIVE_INFINITY;
    for (let i = 1; i < xs.length; i++) ratio = Math.min(ratio, xs[i] / xs[i - 1]);
    const half = Number.isFinite(ratio) ? Math.sqrt(ratio) : Math.SQRT2;
    return [x / half, x * half];
  }
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < xs.length; i++) gap = Math.min(gap, xs[i] - xs[i - 1]);
  const half = Number.isFinite(gap) ? gap / 2 : 0.5;
  return [x - half, x + half];
}

function rows(figure: FigureData): Row[] {
  const out: Row[] = [];
  for (const s of figure.series)
    s.x.forEach((x, k) => {
      const y = s.y[k];
      if (!plottable(figure, x, y)) return;
      if (figure.mark === 'bar') {
        const [x0, x1] = barEdges(figure, s, x);
        out.push({ series: s.name, k, x, y, x0, x1 });
      } else out.push({ series: s.name, k, x, y });
    });
  return out;
}

/** The Vega-Lite spec of one figure (data inline). */
export function figureSpec(figure: FigureData): TopLevelSpec {
  const mark = figure.mark ?? 'line';
  const names = figure.series.map((s) => s.name);
  // A nice log domain rounds out to whole decades, which can leave most of the plot empty; without it
  // the extreme points sit on the frame, so the domain is padded by a few pixels instead.
  const xScale = figure.logX ? { type: 'log' as const, nice: false, padding: EDGE_PADDING_PX } : { zero: false };
  const yScale = figure.logY ? { type: 'log' as const, nice: false, padding: EDGE_PADDING_PX } : { zero: mark === 'bar' };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: names },
    legend: names.length > 1 ? { title: null, orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: WIDTH } : null,
  };
  const x = { field: mark === 'bar' ? 'x0' : 'x', type: 'quantitative' as const, title: figure.xLabel, scale: xScale };
  const y = { field: 'y', type: 'quantitative' as const, title: figure.yLabel, scale: yScale };
  const longest = Math.max(0, ...figure.series.map((s) => s.x.length));
  const markDef =
    mark === 'line'
      ? { type: 'line' as const, point: longest <= MAX_POINTS_FOR_MARKERS, strokeWidth: 1.5 }
      : mark === 'point'
        ? { type: 'point' as const, filled: true, size: 30 }
        : { type: 'bar' as const, opacity: names.length > 1 ? 0.55 : 0.85, stroke: 'white', strokeWidth: 0.5 };
  const encoding =
    mark === 'bar'
      ? { x, x2: { field: 'x1' }, y, y2: { value: HEIGHT }, color } // bars stand on the bottom of the plot
      : mark === 'line'
        ? { x, y, color, order: { field: 'k', type: 'quantitative' as const }, detail: { field: 'series' } }
        : { x, y, color, shape: { field: 'series', type: 'nominal' as const, scale: { domain: names }, legend: color.legend } }; // same legend: merged with color
  return {
    width: WIDTH,
    height: HEIGHT,
    title: { text: figure.title, anchor: 'start', fontSize: 14 },
    ...(figure.caption !== undefined ? { description: figure.caption } : {}),
    background: 'white',
    padding: 8,
    data: { values: rows(figure) },
    mark: markDef,
    encoding,
    config: { font: 'sans-serif', axis: { grid: true, gridOpacity: 0.5, labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11 } },
  } as TopLevelSpec;
}

interface Logger {
  level(): number;
  level(level: number): Logger;
  error(...args: unknown[]): Logger;
  warn(...args: unknown[]): Logger;
  info(...args: unknown[]): Logger;
  debug(...args: unknown[]): Logger;
}

/** Collects vega's warnings instead of printing them through the progress bar. */
function collectingLogger(warnings: string[]): Logger {
  const logger: Logger = {
    level: ((level?: number) => (level === undefined ? vega.Warn : logger)) as Logger['level'],
    error: (...args) => {
      throw new Error(`vega: ${args.map(String).join(' ')}`);
    },
    warn: (...args) => (warnings.push(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** vega numbers clip paths and gradients with process-wide counters; rename every id in order of
 *  appearance under a per-figure prefix, so the bytes do not depend on what was rendered before. */
function renameIds(svg: string, prefix: string): string {
  const ids: string[] = [];
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.includes(match[1])) ids.push(match[1]);
  let out = svg;
  ids.forEach((id, k) => {
    const fresh = `${prefix}-${k + 1}`;
    out = out.split(`id="${id}"`).join(`id="${fresh}"`).split(`url(#${id})`).join(`url(#${fresh})`).split(`href="#${id}"`).join(`href="#${fresh}"`);
  });
  return out;
}

export interface RenderedFigure {
  readonly svg: string;
  readonly warnings: readonly string[];
}

/** Renders one figure to standalone SVG text (ends with a newline). */
export async function renderFigure(figure: FigureData, idPrefix = figure.name): Promise<RenderedFigure> {
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const compiled = vl.compile(figureSpec(figure), { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: logger as never });
  try {
    const svg = await view.toSVG();
    return { svg: `${renameIds(svg, idPrefix)}\n`, warnings };
  } finally {
    view.finalize();
  }
}
