// V8's compiled code of the bundle, kept on disk (launch.cts loads the bundle through this file):
// Node 20 has no compile cache (compile-cache.ts), and Node 22's and 24's keep only what is
// compiled when a file loads, while this cache is written at exit, after the run, so it also
// holds the functions the run compiled (measured: a check's CPU time 189 against 222 ms on Node
// 22, 203 against 236 on 24; docs/performance.md). Like Node's, it lives in the system's
// temporary folder, never the user's directory. V8 checks a cache against the source and the
// flags and rejects one that does not match (then the file compiles as if there were none, and
// the cache is written again); the name also holds Node's version and the bundle's size and time.
// A cache that cannot be read or written only costs time: it is never a reason for raceway to fail.
import module from 'node:module';

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
