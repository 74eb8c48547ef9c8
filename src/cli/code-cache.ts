// Node 20 has no module.enableCompileCache (compile-cache.ts): there launch.ts loads the bundle
// through this file, which keeps V8's code cache of it on disk as Node 22's compile cache does
// (and where it does: the system's temporary folder, never the user's directory). The cache is
// written at exit, after the run, so it holds the functions the run compiled and not only the
// file's top level. V8 checks a cache against the source and the flags and rejects one that does
// not match (then the file is compiled as if there were none, and the cache is written again);
// the name also holds Node's version and the bundle's size and time. A cache that cannot be read
// or written only costs time: it is never a reason for raceway to fail.
import module from 'node:module';

const require = module.createRequire(import.meta.url);

/** `require(file)` for a CommonJS file with no require of its own but packages' and Node's. */
export function requireCached(file: string): unknown {
  const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { dirname, join } = require('node:path') as typeof import('node:path');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const { Script } = require('node:vm') as typeof import('node:vm');
  const source = readFileSync(file, 'utf8');
  const at = statSync(file);
  const dir = join(tmpdir(), 'raceway-code-cache');
  const cacheFile = join(dir, `${process.version}-${process.arch}-${at.size}-${Math.trunc(at.mtimeMs)}.bin`);
  let cachedData: Buffer | undefined;
  try { cachedData = readFileSync(cacheFile); } catch { cachedData = undefined; }
  // The wrapper Node's own CommonJS loader puts around a file.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    process.once('exit', () => {
      try {
        mkdirSync(dir, { recursive: true });
        // Whole or not at all: another raceway may be reading it.
        const part = `${cacheFile}.${process.pid}`;
        writeFileSync(part, script.createCachedData());
        renameSync(part, cacheFile);
      } catch {
        // No cache this time.
      }
    });
  }
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (...a: unknown[]) => void).call(mod.exports, mod.exports, module.createRequire(file), mod, file, dirname(file));
  return mod.exports;
}
