// One case of `raceway check --engine spin`: Spin's outcome (cli/spin/engine.ts) printed by the
// same renderer as raceway's own, plus one line of what pan stored. An export refused, a Spin
// failure or a trail that does not replay is an error of this case (exit 2), never a verdict.
import type { LineIndex } from '../../common/span.js';
import type { Outcome } from '../../explore/explorer.js';
import type { Program } from '../../machine/program.js';
import { UserError, type Io } from '../io.js';
import { spinOutcome, type SpinOutcome } from '../spin/engine.js';
import { INTERRUPTED } from '../spin/run-pan.js';
import { swarmOutcome } from '../spin/swarm-outcome.js';
import { coreCount } from '../shared-options.js';
import type { CaseResult } from './check-case.js';
import type { CheckOptions } from './check-options.js';

export async function spinCase(p: Program, lines: LineIndex, render: (o: Outcome) => Promise<CaseResult>, o: CheckOptions, io: Io): Promise<CaseResult> {
  if (io.interrupted()) return { stdout: '', stderr: '', count: 'notRun' };
  const memory = o.maxMemoryMb !== undefined ? { maxMemoryMb: o.maxMemoryMb } : {};
  const swarm = o.swarm !== undefined || o.swarmFrom !== undefined;
  const spin = (): Promise<SpinOutcome> => swarm
    ? swarmOutcome(p, lines, {
      ...(o.swarmFrom !== undefined ? { from: o.swarmFrom } : { runs: o.swarm ?? 10, parallel: o.jobs ?? coreCount() }),
      ...memory,
      cancelled: io.interrupted,
    }, io.now)
    : spinOutcome(p, lines, {
      ...(o.bitstate ? { bitstate: true } : {}),
      ...(o.jobs !== undefined ? { cores: o.jobs } : {}),
      ...(o.timeout !== undefined ? { deadlineMs: io.now() + o.timeout * 1000 } : {}),
      ...memory,
      cancelled: io.interrupted,
    }, io.now);
  // Spin's children run in this process group: Ctrl-C in a terminal reaches them too and ends
  // them, and with the signal trapped here raceway then removes its temporary folder and says
  // `interrupted` (exit 3, run-pan.ts) instead of dying at once beside them. They run
  // asynchronously, so the handler runs while they do; run-pan.ts asks io.interrupted before each
  // child and after each, so a Ctrl-C between two children, or one a child ignores (spin -a runs
  // its preprocessor through system()), stops the check before the next child starts.
  const release = io.trapInterrupts();
  let r: SpinOutcome;
  try {
    r = await spin();
    if (io.interrupted()) throw new UserError(INTERRUPTED, 3);
  } finally {
    release();
  }
  if (!r.ok) return { stdout: '', stderr: `${p.file}: ${p.variant}/${p.strategy}: error: ${r.message}\n`, count: 'badFiles' };
  const shown = await render(r.outcome);
  if (o.json || o.format === 'svg') return shown;
  const s = r.spin;
  const line = s.swarmRuns !== undefined
    ? `    spin: a swarm of ${s.swarmRuns} bitstate runs, ${s.states} states visited in all${s.stateVector !== null ? `, state vector ${s.stateVector} bytes` : ''}\n`
    : s.hashFactor !== null
      // How complete a bitstate search was: pan's hash factor (bits of table per state visited).
      ? `    spin: a bitstate search (a state may be missed, so never safe), ${s.states} states visited${s.stateVector !== null ? `, state vector ${s.stateVector} bytes` : ''}, ${s.searches} search${s.searches === 1 ? '' : 'es'}, hash factor ${s.hashFactor} (best above 100)\n`
      : `    spin: ${s.states} states stored${s.stateVector !== null ? `, state vector ${s.stateVector} bytes` : ''}, ${s.searches} search${s.searches === 1 ? '' : 'es'}\n`;
  return { ...shown, stdout: shown.stdout.replace(/\n/, `\n${line}`) };
}
