/** Per-test limit for tests that run a registered claim: a hang guard, not a performance goal (those live
 *  in `npm run bench`). The slowest claim's quick run, critical-scaling-gap-counting, takes 5.2–5.9 s on
 *  the 2-core CI machine beside the other test files, over vitest's default 5 s, which made it pass or
 *  fail by a race between its end and the timer; its non-finite injection runs take ~2.6 s. */
export const CLAIM_TEST_TIMEOUT_MS = 120_000;
