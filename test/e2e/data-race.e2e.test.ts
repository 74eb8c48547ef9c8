// End-to-end for data races under sc and tso (src/machine/race.ts): what a user sees from
// `raceway check` on a scenario whose plain accesses race, expected or not, and `data_races: ignore`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';
import { tmpFile } from '../../src/testing/tmp-file.js';

const SCENARIO = (head: string, expect: string) => `scenario: mp-plain
${head}cpus: 2
state:
  cells: { data: 0, flag: 0 }
programs:
  cpu 0:
    - data = 42
    - smp_store_release(&flag, 1)
  cpu 1:
    - r = smp_load_acquire(&flag)
    - t = data
variants:
  sc: { memory_model: sc${expect} }
  tso: { memory_model: tso${expect} }
`;

describe('raceway check reports data races under sc and tso', () => {
  test('an unexpected race fails the check with both accesses named, in each model', () => {
    const r = raceway(['check', tmpFile('mp.yaml', SCENARIO('', ''))]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /FAIL sc {3}default {2}data-race/);
    assert.match(r.stdout, /FAIL tso {2}default {2}data-race/);
    assert.match(r.stdout, /Data race on data: CPU 0 task writes it \(line 7: data = 42\) and CPU 1 task reads it \(line 11: t = data\)/);
    assert.equal(r.stderr, '');
  });

  test('an expected race is met, and --json names its two accesses', () => {
    const f = tmpFile('mp.yaml', SCENARIO('', ', expect: { default: data-race }'));
    assert.equal(raceway(['check', f]).code, 0);
    const r = raceway(['check', f, '--variant', 'sc', '--json']);
    const o = JSON.parse(r.stdout.trim()) as { violations: { kind: string; race: { location: string; accesses: { cpu: number; access: string; line: number }[] } }[] };
    assert.deepEqual(o.violations.map((v) => v.kind), ['data-race']);
    assert.deepEqual(o.violations[0]!.race, { location: 'data', accesses: [{ cpu: 0, context: 'task', access: 'write', op: 'data = 42', line: 7 }, { cpu: 1, context: 'task', access: 'read', op: 't = data', line: 11 }] });
  });

  test('data_races: ignore turns the check off; --mode random finds the race as well', () => {
    assert.equal(raceway(['check', tmpFile('mp.yaml', SCENARIO('data_races: ignore\n', ''))]).code, 0);
    const r = raceway(['check', tmpFile('mp.yaml', SCENARIO('', '')), '--mode', 'random', '--seed', '1', '--variant', 'sc']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /found by random search/);
  });

  test('ablate --markings makes each READ_ONCE()/WRITE_ONCE() plain in turn and names the ones race-freedom rests on', () => {
    const f = tmpFile('flag.yaml', `scenario: flag
cpus: 2
state:
  cells: { data: 0, flag: 0 }
programs:
  cpu 0:
    - data = 42
    - WRITE_ONCE(flag, 1)
  cpu 1:
    - r = READ_ONCE(flag)
    - if r == 1:
        - t = data
`);
    const r = raceway(['ablate', f, '--markings']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2 operations, 2 load-bearing/);
    assert.match(r.stdout, /flag\.yaml:8 *│ marking │ breaks *│ data-race, 3 steps │\n│ *│ WRITE_ONCE\(flag, 1\)/);
    assert.match(r.stdout, /flag\.yaml:10 *│ marking │ breaks *│ data-race, 3 steps │\n│ *│ r = READ_ONCE\(flag\)/);
    assert.doesNotMatch(raceway(['ablate', f]).stdout, /marking/);
  });
});
