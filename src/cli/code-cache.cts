// V8's compiled code of the bundle, kept on disk (launch.cts loads the bundle through this file):
// Node 20 has no compile cache (compile-cache.ts), and Node 22's and 24's keep only what is
// compiled when a file loads, while this cache is written at exit, after the run, so it also
// holds the functions the run compiled (measured: a check's CPU time 189 against 222 ms on Node
// 22, 203 against 236 on 24; docs/performance.md). V8 checks a cache against the source's length
// and its own flags only (a mismatch is rejected, and the file compiles as if there were none), so
// the cache is named by the bundle's content hash, written beside it by the build
// (scripts/bundle.mjs), and Node's version and architecture: a cache is never found under the name
// of other code. It lives beside the bundle (dist/src/bundle/.code-cache/), which only who may
// change raceway's own code may write, not in a shared temporary folder where anyone could put a
// file under that name. A cache that cannot be read or written (a read-only install) only costs
// time: it is never a reason for raceway to fail.
import module from 'node:module';

/** `require(file)` for a CommonJS file with no require of its own but packages' and Node's. */
export function requireCached(file: string): unknown {
  const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { dirname, join } = require('node:path') as typeof import('node:path');
  const { Script } = require('node:vm') as typeof import('node:vm');
  const source = readFileSync(file, 'utf8');
  let hash = '';
  try { hash = readFileSync(`${file}.sha256`, 'utf8').trim(); } catch { hash = ''; }
  // No hash (a bundle made some other way): no cache, rather than one that could be another's.
  if (!/^[0-9a-f]{64}$/.test(hash)) return run(file, new Script(wrap(source), { filename: file }));
  const dir = join(dirname(file), '.code-cache');
  const cacheFile = join(dir, `${process.version}-${process.arch}-${hash}.bin`);
  let cachedData: Buffer | undefined;
  try { cachedData = readFileSync(cacheFile); } catch { cachedData = undefined; }
  const script = new Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
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
  return run(file, script);
}

/** The wrapper Node's own CommonJS loader puts around a file. */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

/** Runs the wrapped file as Node's CommonJS loader would, and returns its exports. */
function run(file: string, script: import('node:vm').Script): unknown {
  const { dirname } = require('node:path') as typeof import('node:path');
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (...a: unknown[]) => void).call(mod.exports, mod.exports, module.createRequire(file), mod, file, dirname(file));
  return mod.exports;
}
