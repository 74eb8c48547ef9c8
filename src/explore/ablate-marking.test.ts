// `ablate --markings` (ablate-marking.ts): each statement's READ_ONCE()/WRITE_ONCE() made plain,
// one at a time, shows which markings keep a program free of data races; acquires, releases and
// atomics keep their form, and without the option no marking is a site.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, kinds, programOf } from '../testing/inline.js';
import { ablate, ablationSites } from './ablate.js';
import { unmarked } from './ablate-marking.js';

/** Message passing; `flag` the flag's store and load, in that order. */
const mp = (store: string, load: string, model = 'sc') => `cpus: 2
memory_model: ${model}
state:
  cells: { data: 0, flag: 0, cfg: 7 }
programs:
  cpu 0:
    - WRITE_ONCE(data, 42)
    - ${store}
    - r = READ_ONCE(cfg)
  cpu 1:
    - r = ${load}
    - if r == 1:
        - t = READ_ONCE(data)
    - s = READ_ONCE(cfg)
`;

/** For each marking site, its statement and whether the program races without that marking. */
function loadBearing(yaml: string): string[] {
  const p = programOf(yaml);
  return ablationSites(p, { markings: true }).filter((s) => s.what === 'marking')
    .map((s) => `${s.statements[0]!.text}: ${kinds(explore(ablate(p, s))).includes('data-race') ? 'races' : 'race-free'}`);
}

test('under sc a marked flag is load-bearing and the data it orders is not; read-only cfg never is', () => {
  assert.deepEqual(loadBearing(mp('WRITE_ONCE(flag, 1)', 'READ_ONCE(flag)')), [
    'WRITE_ONCE(data, 42): race-free', 'WRITE_ONCE(flag, 1): races', 'r = READ_ONCE(cfg): race-free',
    'r = READ_ONCE(flag): races', 't = READ_ONCE(data): race-free', 's = READ_ONCE(cfg): race-free',
  ]);
});

test('under the LKMM the data is load-bearing too without release and acquire, and not with them', () => {
  assert.deepEqual(loadBearing(mp('WRITE_ONCE(flag, 1)', 'READ_ONCE(flag)', 'lkmm')).filter((s) => s.includes('data')), ['WRITE_ONCE(data, 42): races', 't = READ_ONCE(data): races']);
  assert.deepEqual(loadBearing(mp('smp_store_release(&flag, 1)', 'smp_load_acquire(&flag)', 'lkmm')).filter((s) => s.includes('data')), ['WRITE_ONCE(data, 42): race-free', 't = READ_ONCE(data): race-free']);
});

test('acquire, release and atomics keep their form; without the option there is no marking site', () => {
  const p = programOf(mp('smp_store_release(&flag, 1)', 'smp_load_acquire(&flag)'));
  const all = p.codes.flatMap((c) => c.instrs);
  assert.ok(all.some((i) => i.op === 'store' && i.order === 'release') && all.every((i) => i.op !== 'store' || i.order !== 'release' || unmarked(i) === null));
  assert.equal(unmarked(programOf('cpus: 1\nstate: { cells: { x: 0 } }\nprograms:\n  cpu 0: ["atomic_inc(&x)"]\n').codes[0]!.instrs[0]!), null);
  assert.ok(!ablationSites(p).some((s) => s.what === 'marking'));
  assert.equal(ablationSites(p, { markings: true }).filter((s) => s.what === 'marking').length, 4);
});
