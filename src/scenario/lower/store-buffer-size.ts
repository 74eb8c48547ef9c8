// The store-buffer capacity a program needs so that no store ever waits for room: the most
// buffered stores any one code (a task, a handler) can issue before a drain is forced. Handlers
// start and end on an empty buffer (interrupt entry and IRET drain it: ops/interrupts.ts), so
// codes on one CPU never fill its buffer together. Past MAX_STORE_BUFFER the capacity is capped,
// and a search that meets a full buffer says so (bound 'store-buffer'). Pure.
import { storeBufferNeed } from '../../machine/code-bounds.js';
import type { Code } from '../../machine/program.js';

/** The largest capacity chosen by default: each entry is two words of every state. */
export const MAX_STORE_BUFFER = 32;

/** The default capacity for a program's codes: enough for any one of them, within 1..MAX. */
export function defaultStoreBufferSize(codes: readonly Code[]): number {
  return Math.min(MAX_STORE_BUFFER, Math.max(1, storeBufferNeed(codes)));
}
