// A canonical string for a state, for the visited set: two UTF-16 code units per Int32 word.
// Exact (no hashing collisions); issue #5 measures whether a compact hash pays.
import type { State } from '../machine/state.js';

export function stateKey(s: State): string {
  const u = new Uint16Array(s.buffer, s.byteOffset, s.length * 2);
  let out = '';
  const CHUNK = 4096;
  for (let i = 0; i < u.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, u.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}
