/** REPORT.md from an evidence file. A pure function of (evidence, run info): the only line that changes
 *  between two runs with the same seed and profile is the run line (date and total wall time), so the
 *  rest is byte-identical. Per-claim run times live in report/timings.json, not here. */
import type { FigureData, Measurement, Tolerance } from '../claims/claim.js';
import type { CaseRecord, ClaimOutcome, Counterexample } from '../claims/outcome.js';
import { CATALOGUE_FLAGS, gapKeysFor, OPEN_GAPS } from './catalogue-notes.js';
import type { Evidence } from './evidence.js';
import { droppedPoints, figureFileName } from './figures.js';

/** Where REPORT.md links its figures and evidence, relative to REPORT.md. */
export const REPORT_DIR = 'report';
export const FIGURES_LINK_DIR = `${REPORT_DIR}/figures`;

export interface RunInfo {
  /** Short commit, possibly "+ uncommitted changes", or 'unknown'. */
  readonly gitCommit: string;
  /** CPU model, cores, Node version; undefined when the evidence came without it (merged shards). */
  readonly machine?: string;
  /** The one line allowed to differ between identical runs: date/time and total wall time. */
  readonly runLine: string;
  /** Every registered claim id: when the evidence holds a subset, the reproduce command adds --only. */
  readonly registryIds?: readonly string[];
}

/** Exit status of a run: every verdict as expected and every control detected. */
export function allAsExpected(evidence: Pick<Evidence, 'claims'>): boolean {
  return evidence.claims.every((c) => c.verdict === c.expected && c.control.outcome === 'detected');
}

export function figurePath(claimId: string, figure: Pick<FigureData, 'name'>): string {
  return `${FIGURES_LINK_DIR}/${figureFileName(claimId, figure)}`;
}

/** Every figure REPORT.md links, relative to REPORT.md. */
export function linkedFigures(evidence: Pick<Evidence, 'claims'>): string[] {
  return evidence.claims.flatMap((c) => (c.illustration?.figures ?? []).map((f) => figurePath(c.id, f)));
}

// ---------------------------------------------------------------------------------------------------
// Formatting

/** Four significant digits, exponent form outside [1e-3, 1e4) (e.g. 3.5e-9, 1.235e5); integers below 1e6 as they are. */
export function formatNumber(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const a = Math.abs(value);
  const fixed = value.toPrecision(4); // switches to exponent form itself from 1e4 on
  if (a !== 0 && (a < 1e-3 || fixed.includes('e'))) {
    const [mantissa, exponent] = value.toExponential(3).split('e');
    return `${trimZeros(mantissa)}e${exponent.replace('+', '')}`;
  }
  return trimZeros(fixed);
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function caseJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function predicted(m: Measurement): string {
  if (m.predicted === undefined) return '—';
  return formatNumber(m.predicted);
}

/** The claim's key figure as "measured vs predicted". */
function keyFigureText(c: ClaimOutcome): string {
  const m = c.keyFigure;
  if (m === undefined) return '—';
  return `${m.name}: ${formatNumber(m.measured)} vs ${predicted(m)}${m.unit ? ` (${m.unit})` : ''}`;
}

/** "[arXiv:2312.10794](…)"; a source citing several papers gives several ids ("2312.10794; 2504.14697"). */
function arxivLinks(arxiv: string): string {
  const ids = arxiv.split(/[;,\s]+/).filter((id) => id.length > 0);
  if (ids.length === 0) return 'arXiv id not given';
  return ids.map((id) => `[arXiv:${id}](https://arxiv.org/abs/${id})`).join(', ');
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** "confirmed (shape)" for shape claims (catalogue §0). */
export function verdictText(c: Pick<ClaimOutcome, 'verdict' | 'kind'>): string {
  return c.kind === 'shape' && c.verdict !== 'inconclusive' ? `${c.verdict} (shape)` : c.verdict;
}

function controlText(c: ClaimOutcome): string {
  return c.control.outcome === 'detected' ? 'violated as expected' : '**not violated: the check is broken**';
}

/** GitHub's heading anchor for a plain kebab-case id (dots are dropped). */
function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

function isDerived(provenance: string, notes: readonly string[]): boolean {
  return /\[derived/.test(provenance) || notes.some((n) => /\[derived/.test(n));
}

function sourceLine(c: ClaimOutcome): string {
  const s = c.source;
  return `${s.authors}, *${s.title}*, ${arxivLinks(s.arxiv)}, ${s.where} (catalogue key ${s.key})`;
}

function measurementTable(rows: readonly Measurement[]): string[] {
  if (rows.length === 0) return ['(no measurements recorded)'];
  return [
    '| quantity | measured | predicted | unit |',
    '|---|---|---|---|',
    ...rows.map((m) => `| ${cell(m.name)} | ${cell(formatNumber(m.measured))} | ${cell(predicted(m))} | ${cell(m.unit ?? '')} |`),
  ];
}

function toleranceTable(rows: readonly Tolerance[]): string[] {
  if (rows.length === 0) return ['(none: the check compares exactly)'];
  const name = (n: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(n) ? code(n) : cell(n)); // identifiers as code, prose as prose
  return ['| name | value | reason |', '|---|---|---|', ...rows.map((t) => `| ${name(t.name)} | ${formatNumber(t.value)} | ${cell(t.reason)} |`)];
}

function caseLines(record: CaseRecord | Counterexample, label: string): string[] {
  const o = record.outcome;
  const lines = [`${label}: ${code(caseJson(record.case))}${o.summary ? ` (${o.summary})` : ''}; margin ${formatNumber(o.margin)}${o.inconclusive ? `; inconclusive: ${o.inconclusive}` : ''}.`];
  if ('replayCommand' in record) lines.push('', `Replay: ${code(record.replayCommand)}`);
  if (o.measurements.length > 0) lines.push('', ...measurementTable(o.measurements));
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// Sections

function header(evidence: Evidence, run: RunInfo): string[] {
  const ids = evidence.claims.map((c) => c.id);
  const subset = run.registryIds !== undefined && (ids.length !== run.registryIds.length || ids.some((id, i) => id !== run.registryIds![i]));
  const reproduce = `npm run mft -- report --profile ${evidence.profile} --seed ${evidence.masterSeed}${subset ? ` --only ${ids.join(',')}` : ''}`;
  const expected = evidence.claims.filter((c) => c.verdict === c.expected).length;
  const detected = evidence.claims.filter((c) => c.control.outcome === 'detected').length;
  const off = evidence.claims.filter((c) => c.verdict !== c.expected || c.control.outcome !== 'detected');
  return [
    '# mft-check evidence report',
    '',
    '<!-- Generated by `mft report`; do not edit. Every number below is in report/evidence.json. -->',
    '',
    `- **Tool:** ${evidence.tool.name} ${evidence.tool.version}, commit ${code(run.gitCommit)}`,
    `- **Profile:** ${code(evidence.profile)} · **master seed:** ${evidence.masterSeed}`,
    ...(evidence.shard ? [`- **Shard:** ${evidence.shard.index} of ${evidence.shard.count} (a partial run: merge every part with \`mft merge\` for the full report)`] : []),
    `- **Machine:** ${run.machine ?? 'not recorded (evidence rendered without its run record)'}`,
    `- **Run:** ${run.runLine}`,
    `- **Reproduce:** ${code(reproduce)}`,
    `- **Evidence:** [${REPORT_DIR}/evidence.json](${REPORT_DIR}/evidence.json) (schema: docs/evidence-schema.md); per-claim run times in [${REPORT_DIR}/timings.json](${REPORT_DIR}/timings.json)`,
    '',
    `**Outcome:** ${expected} of ${evidence.claims.length} claims gave their recorded verdict; ${detected} of ${evidence.claims.length} negative controls were violated as expected.` +
      (off.length > 0 ? ` Needing attention: ${off.map((c) => `[${c.id}](#${anchor(c.id)})`).join(', ')}.` : ''),
    '',
    'Verdicts: `confirmed` = the conclusion held on every case drawn within the hypotheses and the negative control (one hypothesis dropped) was violated; `refuted` = a case within the hypotheses violates it (shrunk counterexample given); `inconclusive` = the numerics could not decide. `(shape)` = only the trend, sign or exponent is tested because a constant is unknown (catalogue §5).',
    '',
  ];
}

function summaryTable(evidence: Evidence): string[] {
  const rows = evidence.claims.map((c) => {
    const verdict = c.verdict === c.expected ? verdictText(c) : `**${verdictText(c)}** (recorded: ${c.expected})`;
    const cases = c.inconclusiveCases > 0 ? `${c.numRuns} (${c.inconclusiveCases} inconclusive)` : String(c.numRuns);
    return `| [${c.id}](#${anchor(c.id)}) | ${cell(`${c.source.key} ${c.source.where}`)} (${arxivLinks(c.source.arxiv)}) | ${verdict} | ${cases} | ${cell(keyFigureText(c))} | ${controlText(c)} |`;
  });
  if (rows.length === 0) return ['## Summary', '', '(No claims in this run.)', ''];
  return ['## Summary', '', '| claim | source | verdict | cases | key figure: measured vs predicted | negative control |', '|---|---|---|---|---|---|', ...rows, ''];
}

function claimSection(c: ClaimOutcome): string[] {
  const lines: string[] = [`## ${c.id}`, '', `**${c.title}**`, ''];
  lines.push(...c.statement.split(/\r?\n/).map((l) => `> ${l}`), '');
  lines.push(`- **Source:** ${sourceLine(c)}`);
  lines.push(`- **Provenance:** ${c.provenance}${isDerived(c.provenance, c.notes) ? ' — includes statements **derived (not read in the paper)**' : ''}`);
  lines.push(`- **Kind:** ${c.kind} · **verdict:** ${verdictText(c)}${c.verdict === c.expected ? ' (as recorded)' : ` — **differs from the recorded ${c.expected}**`}`);
  lines.push(`- **Why:** ${c.verdictReason}`, '');

  lines.push('### Hypotheses as run', '');
  lines.push(
    `${c.numRuns} case${c.numRuns === 1 ? '' : 's'} drawn within the hypotheses (profile ${code(c.profile)}, claim seed ${c.seed})` +
      (c.inconclusiveCases > 0 ? `, of which ${c.inconclusiveCases} inconclusive.` : '.'),
    '',
  );
  const ranges = Object.entries(c.hypothesesAsRun ?? {});
  if (ranges.length > 0) lines.push('| field | values run |', '|---|---|', ...ranges.map(([k, v]) => `| ${code(k)} | ${cell(v)} |`), '');

  lines.push('### Measured vs predicted', '');
  if (c.counterexample !== undefined) lines.push(...caseLines(c.counterexample, '**Counterexample** (shrunk, within the hypotheses)'), '');
  else lines.push(...caseLines(c.closest, 'Closest call (smallest margin)'), '');
  const table = c.illustration?.table ?? [];
  if (table.length > 0) lines.push('From the illustration run:', '', ...measurementTable(table), '');

  const figures = c.illustration?.figures ?? [];
  if (figures.length > 0) {
    lines.push('### Figures', '');
    for (const f of figures) {
      lines.push(`![${cell(f.title)}](${figurePath(c.id, f)})`, '');
      const dropped = droppedPoints(f);
      const caption = [f.caption, dropped > 0 ? `${dropped} point${dropped === 1 ? '' : 's'} not drawn (non-finite, or ≤ 0 on a log axis).` : undefined].filter(Boolean).join(' ');
      lines.push(`*Figure: ${f.title}.*${caption ? ` ${caption}` : ''}`, '');
    }
  }

  lines.push('### Negative control', '');
  lines.push(`Dropped hypothesis: ${sentence(c.control.dropped)}`, '');
  if (c.control.outcome === 'detected') {
    lines.push(`Control violated as expected (${c.control.runs} case${c.control.runs === 1 ? '' : 's'} tried).`, '');
    if (c.control.violation !== undefined) lines.push(...caseLines(c.control.violation, 'Shrunk violation'), '');
  } else {
    lines.push(`**The control was not violated in ${c.control.runs} cases: the check has no demonstrated teeth, so its verdict cannot count as evidence.**`, '');
  }

  lines.push('### Tolerances', '', ...toleranceTable(c.tolerances), '');

  lines.push('### Seed and replay', '');
  lines.push(`Master seed ${c.masterSeed}, claim seed ${c.seed}. Replay: ${code(c.replayCommand)}`, '');

  if (c.notes.length > 0) lines.push('### Notes', '', ...c.notes.map((n) => `- ${n}`), '');
  return lines;
}

function closingSection(evidence: Evidence): string[] {
  const lines = ['## Flags and open gaps', '', 'Flags the theory catalogue asks every report to carry:', ''];
  for (const f of CATALOGUE_FLAGS) lines.push(`- ${f.flag}${f.detail ? ` ${f.detail}` : ''}`);
  const byKey = new Map<string, string[]>();
  for (const c of evidence.claims) for (const key of gapKeysFor(c)) byKey.set(key, [...(byKey.get(key) ?? []), c.id]);
  lines.push('');
  if (byKey.size === 0) {
    lines.push('No open gap of the catalogue (§5) concerns the claims in this report.', '');
    return lines;
  }
  lines.push('Open gaps (catalogue §5) for the sources of the claims in this report. Where a constant is unknown, only the shape is tested:', '');
  lines.push('| source | unknown | claims citing it |', '|---|---|---|');
  for (const key of Object.keys(OPEN_GAPS)) {
    const ids = byKey.get(key);
    if (ids !== undefined) lines.push(`| ${key} | ${cell(OPEN_GAPS[key])} | ${ids.map((id) => `[${id}](#${anchor(id)})`).join(', ')} |`);
  }
  lines.push('');
  return lines;
}

export function renderReport(evidence: Evidence, run: RunInfo): string {
  const lines = [...header(evidence, run), ...summaryTable(evidence)];
  for (const c of evidence.claims) lines.push(...claimSection(c));
  lines.push(...closingSection(evidence));
  while (lines.at(-1) === '') lines.pop();
  return `${lines.join('\n')}\n`;
}
