// Sequential consistency: every access goes straight to memory in program order.
import { Fault, where, type Exec } from '../exec.js';
import type { MemoryModel } from './memory.js';

export function checkNotFreed(x: Exec, loc: number, access: 'read' | 'write'): void {
  const owner = x.program.locOwner[loc] ?? -1;
  if (owner >= 0 && x.state[x.layout.freedBase + owner] !== 0) {
    throw new Fault({ kind: 'use-after-free', at: where(x), object: owner, loc, access });
  }
}

function write(x: Exec, loc: number, value: number): void {
  checkNotFreed(x, loc, 'write');
  if (x.dry) return;
  x.state[x.layout.memBase + loc] = value;
  x.observer?.write(loc, value);
}

export const sc: MemoryModel = {
  name: 'sc',
  load(x, loc) {
    const v = x.state[x.layout.memBase + loc] ?? 0;
    if (!x.dry) x.observer?.read(loc, v, 'memory');
    return v;
  },
  store: write,
  storeAtomic: write,
  flushed: () => true,
};
