// The whole-number options of every command, each with its range, so that a value the machine
// cannot honour (a depth of 10^8, 10^9 CPUs, digits past 2^53) is a usage error, not a crash.
import { InvalidArgumentError } from 'commander';

/** Ranges of the numeric options (docs/errors.md lists them). */
export const INT_RANGES = {
  '--max-states': [1, 1_000_000_000],
  '--timeout': [1, 604_800], // seconds: a week
  '--preemption-bound': [0, 1000],
  '--max-memory': [1, 1_048_576], // MB: a TiB
  '--runs': [1, 1_000_000_000],
  '--seed': [0, 0x7fffffff],
  '--depth': [1, 100],
  '--jobs': [1, 256],
  '--swarm': [1, 100_000],
} as const satisfies Record<string, readonly [number, number]>;

/** A commander parser: a whole number from min to max, or the usage error that says so. */
export function intOption(name: string, min: number, max: number): (v: string) => number {
  return (v: string): number => {
    // Digits only, and compared as digits, so 99999999999999999999 is not read as 1e20 or rounded.
    const digits = /^\d+$/.test(v) ? v.replace(/^0+(?=\d)/, '') : '';
    if (digits === '' || digits.length > String(max).length || Number(digits) < min || Number(digits) > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return Number(digits);
  };
}

/** The parser of one of INT_RANGES' options. */
export function rangedOption(name: keyof typeof INT_RANGES): (v: string) => number {
  const [min, max] = INT_RANGES[name];
  return intOption(name, min, max);
}

/** An option's description with its range, for --help. */
export function withRange(description: string, name: keyof typeof INT_RANGES): string {
  const [min, max] = INT_RANGES[name];
  return `${description} (${min} to ${max})`;
}
