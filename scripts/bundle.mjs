// `npm run build`'s last step, after tsc: the command line as one CommonJS file,
// dist/src/bundle/raceway.js, which bin/raceway loads (src/cli/launch.cts). Made from tsc's output,
// so it holds the very code the compiled modules hold. esbuild, not code of our own: resolving
// ES and CommonJS modules, packages' export maps and lazy `import()`s into one file is a
// bundler's whole job, and esbuild is a well-kept one with no dependencies of its own.
// fast-check stays outside (the random search loads it from node_modules when it runs: most
// checks never do, and it would be a fifth of the file); worker threads start from the compiled
// modules (package-root.ts). Any warning fails the build: one would mean code that the bundle
// runs differently (an `import.meta` left undefined, a dynamic import left unresolved).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// The build's src/ folder: dist/src/, or another build's (the tests bundle theirs, dist-test/src/).
const dist = join(process.argv[2] !== undefined ? resolve(process.argv[2]) : fileURLToPath(new URL('../dist/src/', import.meta.url)), '/');
// commander requires node:child_process at its top, for executable subcommands (raceway has
// none); loading it, and the net and dgram modules it loads, was a tenth of what a check added to
// `node -e 0`. Here commander gets an object that loads it at the first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (a) => (a.importer.includes(`${sep}commander${sep}`) ? { path: 'child_process', namespace: 'lazy' } : { path: a.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};
const result = await build({
  plugins: [lazyChildProcess],
  entryPoints: [`${dist}cli/start.js`],
  outfile: `${dist}bundle/raceway.js`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['fast-check'],
  // A third less to read at every start; names stay as written, for stack traces and for any
  // code that prints a class's name.
  minifyWhitespace: true,
  // The modules' import.meta.url, in a CommonJS file: the bundle's own URL (it sits at the same
  // depth as dist/src/cli/, which is all package-root.ts relies on).
  define: { 'import.meta.url': '__raceway_bundle_url' },
  banner: { js: "const __raceway_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'silent',
});
if (result.errors.length > 0 || result.warnings.length > 0) {
  for (const m of [...result.errors, ...result.warnings]) process.stderr.write(`bundle: ${m.location?.file ?? ''}:${m.location?.line ?? ''}: ${m.text}\n`);
  process.exit(1);
}
// The folder's .js files are CommonJS scripts, although the package's are ES modules.
writeFileSync(`${dist}bundle/package.json`, '{ "type": "commonjs" }\n');
// The bundle's content hash, which names its code cache (code-cache.cts): V8 checks a cache
// against the source's length and its own flags, not the source, so a cache must never be found
// under the name of another bundle.
writeFileSync(`${dist}bundle/raceway.js.sha256`, `${createHash('sha256').update(readFileSync(`${dist}bundle/raceway.js`)).digest('hex')}\n`);
