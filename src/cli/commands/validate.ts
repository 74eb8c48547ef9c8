// `raceway validate <paths...>`: every mistake in every scenario, explored nothing. Exit 0 when all
// are clean (a `file: ok` line each), 2 otherwise; a bad file does not stop the others.
import { collectPaths } from '../files.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { internalErrorText, INTERNAL_EXIT } from '../internal-error.js';
import { sourceOf, SOURCE_EXTENSIONS, type Read } from '../source-of.js';
import { frontEndOf } from '../front-ends/both-front-ends.js';

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

  /** Reports one file's mistakes, as its front end finds them; true when it has none. */
  function validateOne(src: Read): boolean {
    const v = frontEndOf(src).validate(src, { out, err, stderrIsTTY: io.stderrIsTTY });
    io.stderr(v.stderr);
    io.stdout(v.stdout);
    return v.ok;
  }
}
