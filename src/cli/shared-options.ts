// The options that several commands take, declared once: the same flags, parser, range and
// default in check, ablate, matrix, replay and export. A command passes its own description where
// the option means something of its own there (`--json`: one object per line, or one document).
import { availableParallelism } from 'node:os';
import { Option } from 'commander';
import { MAX_CPUS } from '../scenario/max-cpus.js';
import { intOption, rangedOption, withRange } from './int-option.js';

/** The default of --jobs: one search at a time per core. */
export function coreCount(): number {
  return Math.max(1, availableParallelism());
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** A repeatable name (--strategy, --variant): every one given, in order; none means all. */
function repeatable(flags: string, description: string): Option {
  return new Option(flags, description).argParser(collect).default([]);
}

export const strategyOption = (description = 'only this strategy (repeatable)'): Option => repeatable('-s, --strategy <name>', description);
export const variantOption = (description = 'only this variant (repeatable)'): Option => repeatable('--variant <name>', description);

export const jsonOption = (description: string): Option => new Option('--json', description).default(false);

export const maxStatesOption = (description = 'stop (inconclusive) after this many distinct states'): Option =>
  new Option('--max-states <n>', withRange(description, '--max-states')).argParser(rangedOption('--max-states')).default(2_000_000);

export const jobsOption = (): Option =>
  new Option('--jobs <n>', withRange(`searches at once: short ones on this thread, the rest on worker threads (default: one per core, here ${coreCount()})`, '--jobs'))
    .argParser(rangedOption('--jobs'));

/** Exploration runs on at most MAX_CPUS CPUs (the machine's grace-period masks and state layout). */
export const cpusOption = (description = `override the number of CPUs (1 to ${MAX_CPUS})`, max = MAX_CPUS): Option =>
  new Option('--cpus <n>', description).argParser(intOption('--cpus', 1, max));

export const memoryModelOption = (description: string, models: readonly string[]): Option =>
  new Option('--memory-model <model>', description).choices(models);

export const outputOption = (description: string): Option => new Option('-o, --output <file>', description);
