import type { Reporter, TestModule } from 'vitest/node';

/** Prints the one plain closing line the workplace CI reads: `tests: N passed, N failed`. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const states = modules.flatMap((m) => [...m.children.allTests()].map((t) => t.result().state));
    // A module that failed to import has no tests but must still count as a failure.
    const brokenImports = modules.filter((m) => m.state() === 'failed' && [...m.children.allTests()].length === 0).length;
    const count = (s: string) => states.filter((x) => x === s).length;
    console.log(`tests: ${count('passed')} passed, ${count('failed') + brokenImports} failed`);
  }
}
