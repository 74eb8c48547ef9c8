// The footprints of the wait queue and completion steps (ops/waitqueue.ts, ops/completion.ts,
// ops/sched.ts schedWords) on every reachable state of small handshakes: each shared word a step
// changes is one its dynamic footprint writes, and the dynamic footprint is inside the static one
// the persistent sets use. The registry-drawn footprint property meets a wakeup that wakes a
// queued task too rarely to catch a wakeup that leaves the sleep flag out; here every one is met.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enabledMoves } from '../enabled.js';
import { stepWithFootprint } from '../footprint/move-footprint.js';
import { regionsOf } from '../footprint/regions.js';
import { hasBit, instrFootprint } from '../footprint/static-footprint.js';
import { layoutOf } from '../layout.js';
import type { Program } from '../program.js';
import { initialState } from '../start.js';
import { innermost, nextInstr, type State } from '../state.js';
import { programOf } from '../../testing/inline.js';

/** Checks every wait or completion step of every reachable state; the number of steps checked. */
function checkWaitSteps(p: Program): number {
  const r = regionsOf(p);
  const l = layoutOf(p);
  const seen = new Set<string>();
  const todo: State[] = [initialState(p)];
  let checked = 0;
  while (todo.length > 0) {
    const s = todo.pop()!;
    const key = s.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    for (const m of enabledMoves(p, s)) {
      const out = new Int32Array(s.length);
      const { violation, fp } = stepWithFootprint(p, s, m, out);
      if (violation) continue;
      todo.push(out);
      const instr = m.kind === 'run' ? nextInstr(p, l, s, m.cpu, innermost(l, s, m.cpu)) : undefined;
      if (instr?.op !== 'sched' || instr.at === undefined) continue;
      checked++;
      const st = instrFootprint(p, instr, { cpu: m.cpu, level: innermost(l, s, m.cpu) });
      for (let w = 0; w < s.length; w++) {
        const b = r.sharedBit[w]!;
        if (b < 0) continue;
        if (out[w] !== s[w]) assert.ok(fp.writes.includes(b), `'${instr.text}' changes word ${w} (${p.locNames[w - l.memBase] ?? 'a scheduler word'}), which its footprint does not write`);
      }
      // The live bit (a step that finishes its CPU's last context) is the futures' business, not the instruction's.
      for (const b of fp.writes) assert.ok(b === r.liveBit || hasBit(st.writes, b), `'${instr.text}' writes shared bit ${b}, which its static footprint leaves out`);
      for (const b of fp.reads) assert.ok(b === r.liveBit || hasBit(st.reads, b) || hasBit(st.writes, b), `'${instr.text}' reads shared bit ${b}, which its static footprint leaves out`);
    }
  }
  return checked;
}

const tasks = (bodies: string[][], waits: string): string => [
  `cpus: ${bodies.length}`, 'state:', '  cells: { ready: 0 }', `  waits: { ${waits} }`, 'programs:',
  ...bodies.flatMap((b, k) => [`  task t${k} on cpu ${k}:`, ...b.map((s) => `    - ${JSON.stringify(s)}`)]),
].join('\n') + '\n';

test('wait_event(), prepare_to_wait()/finish_wait() and wake_up(): every step writes what its footprints say', () => {
  for (const model of ['sc', 'tso']) {
    const yaml = tasks([
      ['wait_event(wq, READ_ONCE(ready) == 1)'],
      ['prepare_to_wait(&wq, &wait, TASK_UNINTERRUPTIBLE)', 'r = READ_ONCE(ready)', 'schedule()', 'finish_wait(&wq, &wait)'],
      ['WRITE_ONCE(ready, 1)', 'r = waitqueue_active(&wq)', 'wake_up(&wq)'],
    ], 'wq: wait_queue_head');
    assert.ok(checkWaitSteps(programOf(`memory_model: ${model}\n${yaml}`)) > 50, model);
  }
});

test('wait_for_completion(), complete(), complete_all() and try_wait_for_completion(): every step writes what its footprints say', () => {
  for (const model of ['sc', 'tso']) {
    const yaml = tasks([
      ['wait_for_completion(&done)'],
      ['r = try_wait_for_completion(&done)', 'wait_for_completion(&done)'],
      ['complete(&done)', 'complete_all(&done)'],
    ], 'done: completion');
    assert.ok(checkWaitSteps(programOf(`memory_model: ${model}\n${yaml}`)) > 50, model);
  }
});
