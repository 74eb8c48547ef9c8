// x86-TSO in the exported model, as memory/tso.ts has it: each CPU's FIFO store buffer is three
// globals (sbn[c] entries, oldest first in sbl/sbv), a load forwards from the CPU's newest
// buffered store to its location, an unlock queues as an entry whose location is -1 - its lock
// word's index in lk[] (the machine's codec, memory/buffer-entry.ts, on lk's indexes), and the
// oldest entry reaches memory as a move of its own (drainOption in promela.ts). Under SC every
// function here is the plain access. Pure.
import type { Program } from '../machine/program.js';
import { lockVar, memVar } from './model-names.js';

export const isTso = (p: Program): boolean => p.memoryModel === 'tso';

export const sbCount = (cpu: number): string => `sbn[${cpu}]`;
export const sbLoc = (p: Program, cpu: number, i: number): string => `sbl[${cpu * p.storeBufferSize + i}]`;
export const sbVal = (p: Program, cpu: number, i: number): string => `sbv[${cpu * p.storeBufferSize + i}]`;

/** Whether `cpu`'s buffer is empty: 'true' under SC. */
export function flushed(p: Program, cpu: number): string {
  return isTso(p) ? `(${sbCount(cpu)} == 0)` : 'true';
}

/** Whether `cpu`'s buffer has no room for another entry: 'false' under SC. */
export function full(p: Program, cpu: number): string {
  return isTso(p) ? `(${sbCount(cpu)} >= ${p.storeBufferSize})` : 'false';
}

/** Memory word `idx` as `cpu` loads it: its newest buffered store to it, else memory. */
export function memView(p: Program, cpu: number, idx: string): string {
  if (!isTso(p)) return memVar(idx);
  let out = memVar(idx);
  for (let i = 0; i < p.storeBufferSize; i++) {
    // Entries 0..n-1 are valid, newest last: the outermost test is the newest slot.
    out = `((${sbCount(cpu)} > ${i} && ${sbLoc(p, cpu, i)} == (${idx})) -> ${sbVal(p, cpu, i)} : ${out})`;
  }
  return out;
}

/** The entry location of a buffered unlock of lk[lock * 3 + word]. */
export function unlockEntry(lock: number, word: number): number {
  return -1 - (lock * 3 + word);
}

/** A lock word as `cpu` reads it (locks.ts lockWord): free when its own unlock of it is buffered. */
export function lockView(p: Program, cpu: number, lock: number, word: number): string {
  if (!isTso(p)) return lockVar(lock, word);
  const mine: string[] = [];
  for (let i = 0; i < p.storeBufferSize; i++) mine.push(`(${sbCount(cpu)} > ${i} && ${sbLoc(p, cpu, i)} == (${unlockEntry(lock, word)}))`);
  return `((${mine.join(' || ')}) -> 0 : ${lockVar(lock, word)})`;
}

/** Statements appending (loc, value) to `cpu`'s buffer; the guard has made room. */
export function appendEntry(p: Program, cpu: number, loc: string, value: string): string {
  const n = sbCount(cpu);
  const b = cpu * p.storeBufferSize;
  return `sbl[${b} + ${n}] = ${loc}; sbv[${b} + ${n}] = ${value}; ${n} = ${n} + 1;`;
}

/** Statements dropping `cpu`'s oldest entry, keeping unused slots zero (equal buffers, equal states). */
export function shiftEntries(p: Program, cpu: number): string {
  const k = p.storeBufferSize;
  const parts: string[] = [];
  for (let i = 0; i + 1 < k; i++) parts.push(`${sbLoc(p, cpu, i)} = ${sbLoc(p, cpu, i + 1)}; ${sbVal(p, cpu, i)} = ${sbVal(p, cpu, i + 1)}`);
  parts.push(`${sbLoc(p, cpu, k - 1)} = 0; ${sbVal(p, cpu, k - 1)} = 0; ${sbCount(cpu)} = ${sbCount(cpu)} - 1`);
  return parts.join('; ') + ';';
}
