// Gathers the distinct final states of a search, for final-state conditions. Pure.
import { evalFinal, observe } from '../machine/final.js';
import type { Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import type { State } from '../machine/state.js';
import type { FinalState, Finals } from './explorer.js';

export class FinalCollector {
  private readonly seen = new Map<string, FinalState>();
  private witness: Move[] | null = null;
  private failing: Move[] | null = null;
  constructor(private readonly p: Program) {}

  add(s: State, trace: readonly Move[]): void {
    const values = observe(this.p, s);
    const key = values.join(',');
    const holds = evalFinal(this.p, s, this.p.final!.cond) !== 0;
    const known = this.seen.get(key);
    // The explorer stores each machine state once, so this counts distinct final machine states.
    this.seen.set(key, known ? { ...known, count: (known.count ?? 1) + 1 } : { values, holds, count: 1 });
    // The shortest run of each kind found, so a counterexample is as short as the search allows.
    if (holds && (this.witness === null || trace.length < this.witness.length)) this.witness = [...trace];
    if (!holds && (this.failing === null || trace.length < this.failing.length)) this.failing = [...trace];
  }

  result(): Finals {
    const states = [...this.seen.values()].sort((a, b) => {
      for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return (a.values[i] ?? 0) - (b.values[i] ?? 0);
      return 0;
    });
    return { states, witness: this.witness, failing: this.failing };
  }
}
