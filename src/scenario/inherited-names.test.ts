// Names every JavaScript object inherits (constructor, toString, __proto__ ...) are names like any
// other to the scenario front end: put one where a user-chosen word stands and the loader behaves
// as it does with a neutral name of the same length. Before the primitive tables had no prototype,
// `constructor(x, 0)` was taken for a fence and `r = toString(x)` for a load.
import { inheritedNameTests, masked } from '../testing/inherited-names.js';
import { loadScenario } from './load.js';

const TEMPLATE = `scenario: names
cpus: 2
constants: { ONE: 1 }
state:
  cells: { x: 0, y: 0 }
  arrays:
    slot: { size: 2, init: 0 }
  objects:
    head: { next: item }
    item: { next: NULL }
  locks:
    lk: spinlock
procedures:
  walk(key):
    - found = 0
    - for k in list(head->next, next):
        - if k == key:
            - found = 1
    - return found
  hook(): []
programs:
  cpu 0:
    - spin_lock(lk)
    - r = walk(item)
    - label: here
    - WRITE_ONCE(slot[0], r + ONE)
    - spin_unlock(lk)
    - hook()
  cpu 1:
    - for c in cpus:
        - WRITE_ONCE(x, c)
    - v = READ_ONCE(x)
    - assert(v >= 0)
interrupts:
  - kind: irq
    name: tick
    cpus: [0]
    at: [here]
    run:
      - WRITE_ONCE(y, 1)
strategies:
  plain:
  fenced:
    procedures:
      hook():
        - smp_mb()
final:
  exists: y == 1
variants:
  both:
    expect: { plain: sometimes, fenced: sometimes }
`;

/** What a load comes to, as the comparison sees it. */
function outcome(text: string, name: string): string[] {
  const r = loadScenario('names.yaml', text);
  if (!r.ok) return masked(r.errors, name);
  const cases = r.value.cases.map((c) => `${c.variant}/${c.strategy} ${c.program.codes.map((k) => k.instrs.length).join(',')}`);
  return ['ok', ...masked(cases.map((message) => ({ span: { start: 0, end: 0 }, message })), name)];
}

inheritedNameTests(TEMPLATE, outcome, ['constructor', '__proto__', 'valueOf']);
