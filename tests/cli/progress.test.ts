import { describe as group, expect, test } from 'vitest';
import { createProgressReporter, describe, formatDuration, fraction, type ProgressEvent } from '../../src/cli/progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (s: string) => (chunks.push(s), true) } };
}

const event = (over: Partial<ProgressEvent> = {}): ProgressEvent => ({
  claimId: 'energy-monotonicity', casesDone: 30, casesTotal: 60, claimsDone: 1, claimsTotal: 4, elapsedMs: 10_000, ...over,
});

group('progress text', () => {
  test('fraction counts finished claims plus the running claim share', () => {
    expect(fraction(event())).toBeCloseTo(1.5 / 4, 15);
    expect(fraction(event({ claimsDone: 4 }))).toBe(1);
    expect(fraction(event({ casesTotal: 0, casesDone: 0 }))).toBe(0.25);
  });

  test('line names claim, cases, elapsed and ETA', () => {
    // 1.5 of 4 claims in 10 s → 2.5 remaining at 1.5 per 10 s ≈ 16.7 s
    expect(describe(event())).toBe('1/4 claims · energy-monotonicity 30/60 cases · 0:10 elapsed · ETA 0:17');
    expect(describe(event({ claimsDone: 0, casesDone: 0 }))).toContain('ETA ?');
  });

  test('durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(61_400)).toBe('1:01');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});

group('createProgressReporter', () => {
  test('non-TTY: a plain line at most every interval, then the final line', () => {
    const { chunks, stream } = sink(false);
    let t = 0;
    const p = createProgressReporter({ stream, now: () => t });
    p.update(event());
    t = 1000;
    p.update(event({ casesDone: 40 }));
    t = 5000;
    p.update(event({ casesDone: 50 }));
    p.done('done: 4 claims');
    expect(chunks).toEqual([`progress: ${describe(event())}\n`, `progress: ${describe(event({ casesDone: 50 }))}\n`, 'done: 4 claims\n']);
    expect(chunks.join('')).not.toContain('\r');
  });

  test('TTY: one line redrawn in place, cleared by log and done', () => {
    const { chunks, stream } = sink(true);
    let t = 0;
    const p = createProgressReporter({ stream, now: () => t });
    p.update(event());
    t = 50;
    p.update(event({ casesDone: 31 })); // throttled
    t = 200;
    p.update(event({ casesDone: 32 }));
    p.log('claim energy-monotonicity: confirmed');
    p.done();
    const out = chunks.join('');
    expect(out.split('\n')).toHaveLength(2); // only the logged line ends with a newline
    expect(out).toContain('32/60 cases');
    expect(out).not.toContain('31/60 cases');
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });

  test('--quiet writes nothing', () => {
    const { chunks, stream } = sink(true);
    const p = createProgressReporter({ stream, quiet: true });
    p.update(event());
    p.log('x');
    p.done('y');
    expect(chunks).toEqual([]);
  });
});

group('concurrent claims', () => {
  test('the ETA counts every running claim, not only the one that reported last', () => {
    const { chunks, stream } = sink(false);
    let t = 0;
    const p = createProgressReporter({ stream, now: () => t, logIntervalMs: 0 });
    p.update(event({ claimId: 'a', casesDone: 30, casesTotal: 60, claimsDone: 0, claimsTotal: 2, elapsedMs: 10_000 }));
    t = 1;
    p.update(event({ claimId: 'b', casesDone: 30, casesTotal: 60, claimsDone: 0, claimsTotal: 2, elapsedMs: 10_000 }));
    // both half done → 50 % in 10 s → ETA 10 s (a single-claim view would say 25 % and 30 s)
    expect(chunks[1]).toContain('ETA 0:10');
  });
});
