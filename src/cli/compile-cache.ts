// Node 22.1 and later keep V8's compiled code of the modules they load on disk
// (module.enableCompileCache), so a second run of raceway does not compile its modules again.
// Node 20 has no such call: nothing happens there. The cache lives where Node puts it by default
// (the system's temporary directory, or NODE_COMPILE_CACHE when the user sets it), never inside
// the package; when that directory cannot be written the call reports it and the cache stays off.
import module from 'node:module';

export function enableCompileCache(): void {
  const enable = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof enable !== 'function') return;
  try {
    enable.call(module);
  } catch {
    // A cache only saves time: it is never a reason for raceway to fail.
  }
}
