// `raceway replay <file> --strategy S [--variant V] --token T`: checks the token against the
// compiled program (a scenario's, or a C litmus test's, whose strategy is `default`), re-executes
// it whole, then prints the same table, sentence and JSON as check.
// A token that does not fit is refused with one line and exit 2, before anything is printed.
import { LineIndex } from '../../common/span.js';
import type { Finding } from '../../explore/explorer.js';
import { decodeToken } from '../../explore/token.js';
import { findingJson } from '../../report/json.js';
import { sentence } from '../../report/sentence.js';
import { renderTable } from '../../report/table.js';
import { traceRows } from '../../report/trace-rows.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { readSource } from '../read-source.js';
import { fileCases } from './file-cases.js';

export interface ReplayOptions {
  readonly strategy: string;
  readonly variant?: string;
  readonly token: string;
  readonly json: boolean;
  readonly cpus?: number;
  readonly memoryModel?: 'sc' | 'tso';
}

export async function runReplay(file: string, o: ReplayOptions, io: Io): Promise<number> {
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  const src = readSource(file);
  if (!src.ok) { io.stderr(err.red(src.message) + '\n'); return 2; }
  const lines = new LineIndex(src.text);
  const loaded = fileCases(src.file, src.text, {
    strategies: [o.strategy],
    ...(o.variant !== undefined ? { variants: [o.variant] } : {}),
    ...(o.cpus ? { cpus: o.cpus } : {}),
    ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}),
  }, err, io.stderrIsTTY, 'replay');
  if (!loaded.ok) { io.stderr(loaded.stderr); return 2; }
  const cases = loaded.cases;
  if (cases.length > 1) {
    io.stderr(`${src.file}: error: the scenario has several variants (expected --variant ${cases.map((c) => c.variant).join(' or ')})\n`);
    return 2;
  }
  const c = cases[0]!;
  const d = decodeToken(c.program, o.token);
  if (!d.ok) { io.stderr(`${src.file}: error: replay token refused: ${d.message}\n`); return 2; }
  const f: Finding = { violation: d.violation, trace: d.trace, mode: 'random' };
  const { rows, steps } = traceRows(c.program, f, lines);
  if (o.json) {
    const j = findingJson(c.program, f, lines, o.token);
    // A replay does not know which search found the trace: drop the mode rather than guess.
    delete j.mode;
    io.stdout(JSON.stringify({ file: src.file, scenario: c.program.scenario, variant: c.variant, strategy: c.strategy, ...j }) + '\n');
    return 0;
  }
  io.stdout(out.bold(`${src.file}: ${loaded.name}  ${c.variant}/${c.strategy}`) + '\n');
  io.stdout(renderTable(c.program, rows, out) + '\n');
  io.stdout(out.bold(sentence(c.program, d.violation, steps, lines)) + '\n');
  return 0;
}
