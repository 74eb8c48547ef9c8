// Picks the memory layer a program asks for.
import type { Program } from '../program.js';
import type { MemoryModel } from './memory.js';
import { sc } from './sc.js';
import { tso } from './tso.js';

export function memoryOf(p: Program): MemoryModel {
  switch (p.memoryModel) {
    case 'sc': return sc;
    case 'tso': return tso;
  }
}
