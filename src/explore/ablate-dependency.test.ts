// ablate under lkmm drops each address, data and control dependency in turn (ablate-dependency.ts):
// RCU publication rests on rcu_dereference()'s address dependency, and LB forbidden by a control
// dependency on one side and a data dependency on the other rests on both (the kernel's
// tools/memory-model/litmus-tests/LB+poonceonce+... family: dependencies order a read before a
// later write, explanation.txt "DEPENDENCY RELATIONS").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Program } from '../machine/program.js';
import { loadScenario } from '../scenario/load.js';
import { ablate, ablationSites } from './ablate.js';
import type { Outcome } from './explorer.js';
import { exploreLkmm } from './lkmm/lkmm-explorer.js';

function programOf(text: string): Program {
  const l = loadScenario('t.yaml', text);
  if (!l.ok) throw new Error(JSON.stringify(l.errors));
  return l.value.cases[0]!.program;
}

let t = 0;
const explore = (p: Program): Outcome => exploreLkmm(p, { maxStates: 1_000_000, now: () => t++, seed: 0 });
const rows = (p: Program, what: string): string[] => ablationSites(p).filter((s) => s.what === what).map((s) => s.statements[0]!.text);

const publish = `scenario: publish
memory_model: lkmm
cpus: 2
state:
  cells: { gp: b }
  objects:
    a: { val: 0 }
    b: { val: 2 }
programs:
  cpu 0:
    - WRITE_ONCE(a->val, 1)
    - rcu_assign_pointer(gp, a)
  cpu 1:
    - p = rcu_dereference(gp)
    - v = READ_ONCE(p->val)
    - assert(p != a || v == 1)
`;

test('RCU publication rests on the address dependency of the read through rcu_dereference()\'s pointer', () => {
  const p = programOf(publish);
  assert.equal(explore(p).verdict, 'safe');
  assert.deepEqual(rows(p, 'addr'), ['v = READ_ONCE(p->val)']);
  const site = ablationSites(p).find((s) => s.what === 'addr')!;
  const o = explore(ablate(p, site));
  assert.deepEqual(o.findings.map((f) => f.violation.kind), ['assertion']);
  // The values still flow: only the relation is gone (the row says which).
  assert.ok(ablate(p, site).codes.some((c) => c.instrs.some((i) => i.text === '(no addr) v = READ_ONCE(p->val)' && i.dropDep === 'addr')));
});

const lb = `scenario: lb
cpus: 2
memory_model: lkmm
state:
  cells: { y: 0, x: 0 }
programs:
  cpu 0:
    - r0 = READ_ONCE(x)
    - if r0 == 1:
        - WRITE_ONCE(y, 1)
  cpu 1:
    - r1 = READ_ONCE(y)
    - WRITE_ONCE(x, r1)
final:
  exists: 0:r0 == 1 && 1:r1 == 1
`;

test('LB with a control dependency and a data dependency is forbidden; dropping either allows it', () => {
  const p = programOf(lb);
  const holds = (o: Outcome): boolean => (o.finals?.states ?? []).some((s) => s.holds);
  assert.equal(holds(explore(p)), false);
  assert.deepEqual(rows(p, 'ctrl'), ['if r0 == 1']);
  assert.deepEqual(rows(p, 'data'), ['WRITE_ONCE(x, r1)']);
  for (const what of ['ctrl', 'data']) {
    const site = ablationSites(p).find((s) => s.what === what)!;
    assert.equal(holds(explore(ablate(p, site))), true, `without the ${what} dependency`);
  }
});

test('under sc and tso no dependency is a site', () => {
  assert.deepEqual(ablationSites(programOf(lb.replace('memory_model: lkmm', 'memory_model: tso'))).filter((s) => ['addr', 'data', 'ctrl'].includes(s.what)), []);
});
