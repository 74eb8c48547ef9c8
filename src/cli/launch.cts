// What bin/raceway runs: the one-file bundle that `npm run build` makes (dist/src/bundle/raceway.js,
// a CommonJS script; scripts/bundle.mjs), or the compiled modules when there is no bundle or `tsc`
// has written them since the bundle was made (a bundle older than the modules would run stale
// code). bin/raceway (bin/package.json) and this file are CommonJS too: a run of the bundle then
// never starts Node's ES loader. One file costs one read and one compile; the modules are about 240 files (raceway's and
// its packages'), each resolved, read, compiled and linked at every start (docs/performance.md,
// start-up). The bundle keeps its own compiled code (code-cache.cts).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { requireCached } from './code-cache.cjs';

const bundle = join(__dirname, '..', 'bundle', 'raceway.js');
const mtime = (file: string): number => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
// Equal times count as fresh: npm's tarballs give every file the same time.
if (mtime(bundle) >= mtime(__filename)) {
  const { start } = requireCached(bundle) as { start: (argv: readonly string[]) => Promise<void> };
  void start(process.argv.slice(2));
} else {
  // The modules' entry turns Node's compile cache on itself.
  void import('./run.js');
}
