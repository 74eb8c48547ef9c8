// `npm run reduction`: how many states the exhaustive search stores with and without partial-order
// reduction, for every strategy of one variant of a scenario scaled to N CPUs (bench/scale.ts), and
// whether the verdicts agree. Counts, not times: they are exact and the same on every host, so a
// change to the reduction can quote them. A benchmark, not a test: nothing asserts.
// Usage: npm run reduction -- FILE VARIANT [CPUS (3)]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { exhaustiveExplorer } from '../explore/exhaustive.js';
import { LineIndex } from '../common/span.js';
import { diagnosticLine } from '../report/diagnostics.js';
import { loadScenario } from '../scenario/load.js';
import { scaleScenario } from './scale.js';
import { verdictLabel } from './verdict-label.js';

const [FILE, VARIANT, cpusArg = '3'] = process.argv.slice(2);
const CPUS = Number(cpusArg);
if (FILE === undefined || VARIANT === undefined || !Number.isInteger(CPUS) || CPUS < 1) {
  console.error('usage: npm run reduction -- FILE VARIANT [CPUS]   (CPUS: a positive integer, default 3)');
  process.exit(2);
}
const MAX_STATES = 3_000_000;

let text: string;
try {
  text = readFileSync(FILE, 'utf8');
} catch (e) {
  console.error(`${FILE}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  process.exit(2);
}
// Loaded as written first, so a mistake in it is reported against its own lines.
const base = loadScenario(FILE, text);
if (!base.ok) {
  console.error(diagnosticLine(base.errors[0]!, new LineIndex(text)));
  process.exit(2);
}
const r = loadScenario(`${FILE}@${CPUS}`, scaleScenario(text, CPUS), { cpus: CPUS });
if (!r.ok) {
  console.error(`${FILE}: does not load scaled to ${CPUS} CPUs: ${r.errors[0]?.message}`);
  process.exit(2);
}
const cases = r.value.cases.filter((c) => c.variant === VARIANT);
if (cases.length === 0) {
  console.error(`${FILE}: no variant '${VARIANT}'`);
  process.exit(2);
}
console.log(`${FILE}, variant ${VARIANT}, ${CPUS} CPUs: stored states without and with reduction`);
console.log(['strategy'.padEnd(20), 'without'.padStart(9), 'with'.padStart(9), 'fewer'.padStart(7), '  verdicts'].join(''));
for (const c of cases) {
  const [off, on] = [false, true].map((reduction) =>
    exhaustiveExplorer({ reduction }).explore(c.program, { maxStates: MAX_STATES, now: () => performance.now(), seed: 0 }));
  const same = verdictLabel(off!) === verdictLabel(on!);
  console.log([
    c.strategy.padEnd(20), String(off!.stats.states).padStart(9), String(on!.stats.states).padStart(9),
    `${(off!.stats.states / on!.stats.states).toFixed(1)}x`.padStart(7),
    `  ${verdictLabel(on!)}${same ? '' : ` (without: ${verdictLabel(off!)})`}`,
  ].join(''));
}
