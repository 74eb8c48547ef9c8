// Picks the memory layer a program asks for.
import { assertNever } from '../../common/assert-never.js';
import type { Program } from '../program.js';
import type { MemoryModel } from './memory.js';
import { sc } from './sc.js';
import { tso } from './tso.js';

export function memoryOf(p: Program): MemoryModel {
  switch (p.memoryModel) {
    case 'sc': return sc;
    case 'tso': return tso;
    // The LKMM is axiomatic (explore/lkmm), not a machine: its exhaustive search never takes moves.
    // A move-by-move run of an lkmm program (random search, a replay) runs SC executions, each
    // of which the LKMM allows on marked accesses, so what it finds is real; it never says safe.
    case 'lkmm': return sc;
    default: return assertNever(p.memoryModel);
  }
}
