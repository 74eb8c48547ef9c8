// A pan counterexample, as `spin -t -p` prints it, mapped back to raceway moves: each numbered
// step of the printout is one transition; a transition whose first statement sits on the line of
// a CPU's do-loop option is the raceway move the exporter wrote there (ExportResult.moves).
// Other transitions (init, the loop exits, the final check) are not moves. Pure.
import type { Move } from '../machine/moves.js';

export function trailMoves(printout: string, moves: ReadonlyMap<number, Move>): Move[] {
  const out: Move[] = [];
  let lastStep = -1;
  for (const line of printout.split('\n')) {
    const m = /^\s*(\d+):\s+proc\s+\d+\s+\(\w+:\d+\)\s+\S+?:(\d+)\s/.exec(line);
    if (!m) continue;
    const step = Number(m[1]);
    if (step === lastStep) continue; // the later statements of the same d_step
    lastStep = step;
    const move = moves.get(Number(m[2]));
    if (move) out.push(move);
  }
  return out;
}
