// `raceway replay <file> --strategy S [--variant V] --token T [--format F]`: checks the token
// against the compiled program (a scenario's, or a C litmus test's, whose strategy is `default`),
// re-executes it whole, then prints the counterexample in any format check prints.
// A token that does not fit is refused with one line and exit 2, before anything is printed.
import { LineIndex } from '../../common/span.js';
import type { Finding } from '../../explore/explorer.js';
import type { MemoryModelName } from '../../machine/program.js';
import { decodeToken } from '../../explore/token-decode.js';
import { findingJson } from '../../report/json.js';
import { renderFinding, type Format } from '../../report/render-finding.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { sourceOf } from '../source-of.js';
import { fileCases } from './file-cases.js';

export interface ReplayOptions {
  readonly strategy: string;
  readonly variant?: string;
  readonly token: string;
  readonly json: boolean;
  /** How the counterexample prints (as check's --format); 'json' is --json. Default: table. */
  readonly format?: Format;
  readonly cpus?: number;
  readonly memoryModel?: MemoryModelName;
}

export async function runReplay(file: string, o: ReplayOptions, io: Io): Promise<number> {
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  const src = await sourceOf({ file }, io);
  if (!src.ok) { io.stderr(err.red(src.message) + '\n'); return 2; }
  const lines = new LineIndex(src.text);
  const loaded = fileCases(src, {
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
  const f: Finding = { violation: d.violation, trace: d.trace, mode: 'random', ...(d.graph ? { graph: d.graph } : {}) };
  if (o.json || o.format === 'json') {
    const j = findingJson(c.program, f, lines, o.token);
    // A replay does not know which search found the trace: drop the mode rather than guess.
    delete j.mode;
    io.stdout(JSON.stringify({ file: src.file, scenario: c.program.scenario, variant: c.variant, strategy: c.strategy, ...j }) + '\n');
    return 0;
  }
  const format = o.format ?? 'table';
  // A heading on the terminal table only: the other formats are documents to paste or save whole.
  if (format === 'table') io.stdout(out.bold(`${src.file}: ${loaded.name}  ${c.variant}/${c.strategy}`) + '\n');
  io.stdout(renderFinding(format, c.program, f, lines, out));
  return 0;
}
