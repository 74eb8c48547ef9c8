// What bin/raceway runs: the one-file bundle that `npm run build` makes (dist/src/bundle/raceway.js,
// a CommonJS script; scripts/bundle.mjs), or the compiled modules when there is no bundle or `tsc`
// has written them since the bundle was made (a bundle older than the modules would run stale
// code). One file costs one read and one compile; the modules are about 240 files (raceway's and
// its packages'), each resolved, read, compiled and linked at every start (docs/performance.md,
// start-up). The bundle keeps its own compiled code (code-cache.ts); Node's compile cache goes on
// first all the same, for the modules when they run and for the worker threads.
import module from 'node:module';
import { requireCached } from './code-cache.js';
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
// node:fs and node:url through require: an ES import of node:fs builds its whole export list,
// which loads its streams.
const require = module.createRequire(import.meta.url);
const { statSync } = require('node:fs') as typeof import('node:fs');
const { fileURLToPath } = require('node:url') as typeof import('node:url');
const bundle = fileURLToPath(new URL('../bundle/raceway.js', import.meta.url));
const mtime = (file: string): number => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
// Equal times count as fresh: npm's tarballs give every file the same time.
if (mtime(bundle) >= mtime(fileURLToPath(import.meta.url))) {
  const { start } = requireCached(bundle) as typeof import('./start.js');
  await start(process.argv.slice(2));
} else {
  await import('./run.js');
}
