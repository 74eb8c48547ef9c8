// x86-TSO (Owens, Sarkar and Sewell, TPHOLs 2009; Sewell et al., CACM 2010): each CPU has a FIFO
// store buffer; a store enters it, a load reads the CPU's newest buffered store to that location
// first, else memory, and the oldest entry reaches memory as a `drain` move of its own. Pure.
// Which instructions wait for the buffer to drain lives in guard.ts; docs/memory-model.md cites each.
import { Fault } from '../exec.js';
import { unlockEntry, unlockedWord } from './buffer-entry.js';
import type { Layout } from '../layout.js';
import type { State } from '../state.js';
import type { MemoryModel } from './memory.js';
import { checkNotFreed } from './sc.js';

/** Buffer layout per CPU: [count, loc0, value0, loc1, value1, ...], oldest first; unused pairs 0. */
function base(l: Layout, cpu: number): number {
  return l.sbBase + cpu * l.sbWords;
}

function count(l: Layout, s: State, cpu: number): number {
  return s[base(l, cpu)] ?? 0;
}

/** Drop the oldest of `n` entries, keeping unused pairs zero so equal buffers are equal states. */
function shift(s: State, b: number, n: number): void {
  s.copyWithin(b + 1, b + 3, b + 1 + 2 * n);
  s[b + 2 * n - 1] = 0;
  s[b + 2 * n] = 0;
  s[b] = n - 1;
}

export const tso: MemoryModel = {
  name: 'tso',
  load(x, loc) {
    const b = base(x.layout, x.cpu);
    for (let i = (x.state[b] ?? 0) - 1; i >= 0; i--) {
      if (x.state[b + 1 + 2 * i] === loc) {
        const v = x.state[b + 2 + 2 * i] ?? 0;
        if (!x.dry) x.observer?.read(loc, v, 'buffer');
        return v;
      }
    }
    const v = x.state[x.layout.memBase + loc] ?? 0;
    if (!x.dry) x.observer?.read(loc, v, 'memory');
    return v;
  },
  store(x, loc, value) {
    // A store to an object that is already freed will hit freed memory whenever it drains: say so
    // at the store, where the source line is known (the drain checks again for later frees).
    checkNotFreed(x, loc, 'write');
    if (x.dry) return;
    const b = base(x.layout, x.cpu);
    const n = x.state[b] ?? 0;
    if (2 * n + 1 >= x.layout.sbWords) throw new Error('store into a full store buffer: the guard should have blocked it');
    x.state[b + 1 + 2 * n] = loc;
    x.state[b + 2 + 2 * n] = value;
    x.state[b] = n + 1;
    x.observer?.buffer?.(loc, value);
  },
  release(x, word) {
    // A lock word lives outside memory: its entry is an unlock entry (buffer-entry.ts).
    if (x.dry) return;
    const b = base(x.layout, x.cpu);
    const n = x.state[b] ?? 0;
    if (2 * n + 1 >= x.layout.sbWords) throw new Error('unlock into a full store buffer: the guard should have blocked it');
    x.state[b + 1 + 2 * n] = unlockEntry(word);
    x.state[b + 2 + 2 * n] = 0;
    x.state[b] = n + 1;
  },
  lockView(x, word) {
    const b = base(x.layout, x.cpu);
    for (let i = (x.state[b] ?? 0) - 1; i >= 0; i--) if (x.state[b + 1 + 2 * i] === unlockEntry(word)) return 0;
    return x.state[word] ?? 0;
  },
  storeAtomic(x, loc, value) {
    // Locked instructions run only with an empty buffer (guard.ts) and write memory directly.
    checkNotFreed(x, loc, 'write');
    if (x.dry) return;
    x.state[x.layout.memBase + loc] = value;
    x.observer?.write(loc, value);
  },
  flushed: (l, s, cpu) => count(l, s, cpu) === 0,
  full: (l, s, cpu) => 2 * count(l, s, cpu) + 1 >= l.sbWords,
  canDrain: (l, s, cpu) => count(l, s, cpu) > 0,
  drain(x) {
    const b = base(x.layout, x.cpu);
    const n = x.state[b] ?? 0;
    if (n === 0) throw new Error('drain of an empty store buffer: the move was not enabled');
    const loc = x.state[b + 1] ?? 0;
    const value = x.state[b + 2] ?? 0;
    const word = unlockedWord(loc);
    if (word >= 0) {
      // A buffered unlock reaches the lock word: the lock is free for others from now on.
      shift(x.state, b, n);
      x.state[word] = 0;
      return;
    }
    // The access happens now: a store whose object was freed while it sat in the buffer is a
    // use-after-free of this drain (`at.code` -1 marks the store buffer, not an instruction).
    const owner = x.program.locOwner[loc] ?? -1;
    if (owner >= 0 && x.state[x.layout.freedBase + owner] !== 0) {
      throw new Fault({ kind: 'use-after-free', at: { cpu: x.cpu, level: 0, code: -1, pc: -1 }, object: owner, loc, access: 'write' });
    }
    shift(x.state, b, n);
    x.state[x.layout.memBase + loc] = value;
    x.observer?.write(loc, value);
  },
};
