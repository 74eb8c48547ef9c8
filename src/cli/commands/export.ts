// `raceway export --promela <file> [--variant V] [--strategy S] [-o OUT.pml]`: the Promela model
// of one (variant, strategy) of a scenario or C litmus test (src/spin/promela.ts). A program the
// export cannot express faithfully is refused with its reason and exit 2; nothing is written.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex } from '../../common/span.js';
import { exportPromela } from '../../spin/promela.js';
import { UserError, type Io } from '../io.js';
import { panDepth } from '../spin/engine.js';
import { SWARM_MODEL, SWARM_SCRIPT, swarmScript } from '../spin/swarm.js';
import { paintFor } from '../paint-chalk.js';
import { sourceOf } from '../source-of.js';
import { refuseOutputAmongInputs } from '../output-among-inputs.js';
import { writeOutputOrFail } from '../write-output.js';
import { fileCases, type FileCase } from './file-cases.js';

export interface ExportOptions {
  readonly strategy: readonly string[];
  readonly variant: readonly string[];
  readonly output?: string;
  /** Write the model and a swarm script (cli/spin/swarm.ts) into this folder instead. */
  readonly swarmScript?: string;
}

/** The one case a single-model command names, or the line that says which to pick. */
export function oneCase(file: string, cases: readonly FileCase[]): FileCase | string {
  if (cases.length === 1) return cases[0]!;
  const variants = [...new Set(cases.map((c) => c.variant))];
  if (variants.length > 1) return `${file}: error: the scenario has several variants (expected --variant ${variants.join(' or ')})`;
  return `${file}: error: the scenario has several strategies (expected --strategy ${cases.map((c) => c.strategy).join(' or ')})`;
}

export async function runExport(file: string, o: ExportOptions, io: Io): Promise<number> {
  const err = paintFor(io.stderrIsTTY, io.env);
  // -o naming the scenario itself would replace it with the model (the same rule as check's -o).
  if (o.output !== undefined && o.swarmScript !== undefined) throw new UserError('--output writes one model and --swarm-script a folder with the model and its script: give one of them');
  if (o.output !== undefined) refuseOutputAmongInputs('--output', o.output, [{ file }]);
  const src = await sourceOf({ file }, io);
  if (!src.ok) { io.stderr(err.red(src.message) + '\n'); return 2; }
  const loaded = fileCases(src, { strategies: o.strategy, variants: o.variant }, err, io.stderrIsTTY, 'export');
  if (!loaded.ok) { io.stderr(loaded.stderr); return 2; }
  const c = oneCase(src.file, loaded.cases);
  if (typeof c === 'string') { io.stderr(c + '\n'); return 2; }
  // A swarm searches for errors only (swarm-outcome.ts), so its model asserts no final condition.
  const model = exportPromela(c.program, { lines: new LineIndex(src.text), ...(o.swarmScript !== undefined ? { final: null } : {}) });
  if (!model.ok) {
    io.stderr(`${src.file}: error: cannot export ${c.variant}/${c.strategy} to Promela: ${model.reason}\n`);
    return 2;
  }
  if (o.swarmScript !== undefined) {
    mkdirSync(o.swarmScript, { recursive: true });
    refuseOutputAmongInputs('--swarm-script', join(o.swarmScript, SWARM_MODEL), [{ file }]);
    await writeOutputOrFail(join(o.swarmScript, SWARM_MODEL), model.text, io.interrupted);
    await writeOutputOrFail(join(o.swarmScript, SWARM_SCRIPT), swarmScript(panDepth(c.program)), io.interrupted);
  } else if (o.output !== undefined) await writeOutputOrFail(o.output, model.text, io.interrupted);
  else io.stdout(model.text);
  return 0;
}
