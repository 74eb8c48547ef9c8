// The trace's words for a wait queue or completion step (ops/waitqueue.ts, ops/completion.ts),
// one entry point for the report. Pure.
import { assertNever } from '../../common/assert-never.js';
import type { Layout } from '../layout.js';
import type { InstrBody, Program } from '../program.js';
import { completionNote } from './completion.js';
import { waitQueueNote } from './waitqueue.js';

/** What the step of `i` did between `before` and `after`; '' for the scheduler's own kinds and the sleeping locks (ops/sleeping-lock.ts has their note). */
export function waitNote(p: Program, l: Layout, before: Int32Array, after: Int32Array, i: Extract<InstrBody, { op: 'sched' }>): string {
  const kind = i.kind;
  switch (kind) {
    case 'prepare_to_wait': case 'finish_wait': case 'wake_up': return waitQueueNote(p, l, before, after, i, kind);
    case 'wait_for_completion': case 'complete': case 'complete_all': case 'try_wait_for_completion': return completionNote(p, l, before, after, i, kind);
    case 'schedule': case 'wake_up_process': case 'might_sleep': return '';
    case 'mutex_lock': case 'mutex_unlock': case 'mutex_trylock': case 'down_read': case 'up_read': case 'down_write':
    case 'down_write_acquire': case 'up_write': case 'downgrade_write': case 'down_read_trylock': case 'down_write_trylock': return '';
    default: return assertNever(kind);
  }
}
