// Test support: an inline scenario through both engines, raceway's exhaustive search and Spin
// (cli/spin/engine.ts), each case's result as the crosscheck words it (verdict, kinds,
// observation). Tests that need Spin skip with `noSpin`'s reason where it or gcc is missing.
import { spawnSync } from 'node:child_process';
import { resultWord } from '../cli/spin/crosscheck.js';
import { spinOutcome } from '../cli/spin/engine.js';
import { LineIndex } from '../common/span.js';
import type { Outcome } from '../explore/explorer.js';
import { casesOf, explore } from './inline.js';

export const noSpin: string | false = spawnSync('spin', ['-V']).error
  ? 'spin is not installed (apt-get install spin)'
  : spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : false;

export interface BothEngines {
  readonly name: string;
  readonly raceway: string;
  readonly spin: string;
  /** Spin's outcome, for tests that look past the words (null: it failed, `spin` says why). */
  readonly outcome: Outcome | null;
}

/** Every (variant, strategy) of `yaml` through both engines. */
export async function bothEngines(yaml: string): Promise<BothEngines[]> {
  let t = 0;
  const out: BothEngines[] = [];
  // One case after another: each runs its own pan.
  for (const c of casesOf(yaml)) {
    const s = await spinOutcome(c.program, new LineIndex(yaml), {}, () => t++);
    out.push({ name: `${c.variant}/${c.strategy}`, raceway: resultWord(explore({ ...c.program, dataRaces: false })), spin: s.ok ? resultWord(s.outcome) : s.message, outcome: s.ok ? s.outcome : null });
  }
  return out;
}
