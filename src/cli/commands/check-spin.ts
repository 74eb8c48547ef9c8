// One case of `raceway check --engine spin`: Spin's outcome (cli/spin/engine.ts) printed by the
// same renderer as raceway's own, plus one line of what pan stored. An export refused, a Spin
// failure or a trail that does not replay is an error of this case (exit 2), never a verdict.
import type { LineIndex } from '../../common/span.js';
import type { Outcome } from '../../explore/explorer.js';
import type { Program } from '../../machine/program.js';
import type { Io } from '../io.js';
import { spinOutcome } from '../spin/engine.js';
import type { CaseResult } from './check-case.js';
import type { CheckOptions } from './check-options.js';

export function spinCase(p: Program, lines: LineIndex, render: (o: Outcome) => CaseResult, o: CheckOptions, io: Io): CaseResult {
  if (io.interrupted()) return { stdout: '', stderr: '', count: 'notRun' };
  const r = spinOutcome(p, lines, {
    ...(o.bitstate ? { bitstate: true } : {}),
    ...(o.jobs !== undefined ? { cores: o.jobs } : {}),
    ...(o.maxMemoryMb !== undefined ? { maxMemoryMb: o.maxMemoryMb } : {}),
  }, io.now);
  if (!r.ok) return { stdout: '', stderr: `${p.file}: ${p.variant}/${p.strategy}: error: ${r.message}\n`, count: 'badFiles' };
  const shown = render(r.outcome);
  if (o.json || o.format === 'svg') return shown;
  const s = r.spin;
  const line = `    spin: ${s.states} states stored${s.stateVector !== null ? `, state vector ${s.stateVector} bytes` : ''}, ${s.searches} search${s.searches === 1 ? '' : 'es'}${s.hashFactor !== null ? `, bitstate hash factor ${s.hashFactor} (best above 100)` : ''}\n`;
  return { ...shown, stdout: shown.stdout.replace(/\n/, `\n${line}`) };
}
