// `raceway validate <paths...>`: every mistake in every scenario, explored nothing. Exit 0 when all
// are clean (a `file: ok` line each), 2 otherwise; a bad file does not stop the others.
import { LineIndex } from '../../common/span.js';
import { loadLitmus } from '../../litmus/load.js';
import { validateScenario } from '../../scenario/load.js';
import { collectPaths, SCENARIO_EXTENSIONS } from '../files.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { diagnosticsText } from '../print-diagnostics.js';
import { sourceOf } from '../source-of.js';
import { LITMUS_EXTENSION } from './check-litmus.js';

export async function runValidate(paths: readonly string[], io: Io): Promise<number> {
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  let bad = 0;
  const entries = collectPaths(paths, [...SCENARIO_EXTENSIONS, LITMUS_EXTENSION]);
  for (const entry of entries) {
    const src = await sourceOf(entry, io);
    if (!src.ok) { io.stderr(err.red(src.message) + '\n'); bad++; continue; }
    const lines = new LineIndex(src.text);
    if (src.frontEnd === 'litmus') {
      // A C litmus test that uses a construct raceway cannot run yet is valid, and says so.
      const lit = loadLitmus(src.file, src.text);
      if (lit.kind === 'ok') { io.stdout(`${src.file}: ${out.green('ok')}\n`); continue; }
      if (lit.kind === 'unsupported') {
        const lc = lines.lineCol(lit.span.start);
        io.stdout(`${src.file}: ${out.yellow('ok')} (unsupported: ${lit.what} at ${src.file}:${lc.line}:${lc.col})\n`);
        continue;
      }
      io.stderr(diagnosticsText(lit.errors, src.text, err, io.stderrIsTTY));
      bad++;
      continue;
    }
    const loaded = validateScenario(src.file, src.text);
    if (loaded.ok) { io.stdout(`${src.file}: ${out.green('ok')}\n`); continue; }
    io.stderr(diagnosticsText(loaded.errors, src.text, err, io.stderrIsTTY));
    bad++;
  }
  if (entries.length > 1) io.stderr(bad ? `${bad} of ${entries.length} files invalid\n` : '');
  return bad > 0 ? 2 : 0;
}
