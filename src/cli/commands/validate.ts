// `raceway validate <paths...>`: every mistake in every scenario, explored nothing. Exit 0 when all
// are clean (a `file: ok` line each), 2 otherwise; a bad file does not stop the others.
import { LineIndex } from '../../common/span.js';
import { loadLitmus } from '../../litmus/load.js';
import { validateScenario } from '../../scenario/load.js';
import { readImport } from '../import-reader.js';
import { collectPaths } from '../files.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { diagnosticsText } from '../print-diagnostics.js';
import { internalErrorText, INTERNAL_EXIT } from '../internal-error.js';
import { sourceOf, SOURCE_EXTENSIONS, type SourceOf } from '../source-of.js';

export async function runValidate(paths: readonly string[], io: Io): Promise<number> {
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  let bad = 0;
  let internal = 0;
  const entries = collectPaths(paths, SOURCE_EXTENSIONS);
  for (const entry of entries) {
    const src = await sourceOf(entry, io);
    if (!src.ok) { io.stderr(err.red(src.message) + '\n'); bad++; continue; }
    try {
      if (!validateOne(src)) bad++;
    } catch (e) {
      // A bug met on one file is reported in its place; the other files are still validated.
      io.stderr(internalErrorText(e, src.file));
      internal++;
    }
  }
  if (entries.length > 1) io.stderr(bad + internal ? `${bad + internal} of ${entries.length} files invalid\n` : '');
  return internal > 0 ? INTERNAL_EXIT : bad > 0 ? 2 : 0;

  /** Reports one file's mistakes; true when it has none. */
  function validateOne(src: Extract<SourceOf, { ok: true }>): boolean {
    const lines = new LineIndex(src.text);
    if (src.frontEnd === 'litmus') {
      // A C litmus test that uses a construct raceway cannot run yet is valid, and says so.
      const lit = loadLitmus(src.file, src.text);
      if (lit.kind === 'ok') { io.stdout(`${src.file}: ${out.green('ok')}\n`); return true; }
      if (lit.kind === 'unsupported') {
        const lc = lines.lineCol(lit.span.start);
        io.stdout(`${src.file}: ${out.yellow('ok')} (unsupported: ${lit.what} at ${src.file}:${lc.line}:${lc.col})\n`);
        return true;
      }
      io.stderr(diagnosticsText(lit.errors, src.text, err, io.stderrIsTTY));
      return false;
    }
    const loaded = validateScenario(src.file, src.text, readImport);
    if (loaded.ok) { io.stdout(`${src.file}: ${out.green('ok')}\n`); return true; }
    io.stderr(diagnosticsText(loaded.errors, src.text, err, io.stderrIsTTY, src.file));
    return false;
  }
}
