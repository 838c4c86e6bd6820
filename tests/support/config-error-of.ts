/** The ConfigError `f` throws; fails the test when it throws something else or nothing. */
import { ConfigError } from '../../src/core/config-error.js';

export function configErrorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}
