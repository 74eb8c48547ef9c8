// End-to-end: how bin/raceway judges a result, as a user meets it. A final condition's quantifier
// is an expectation (YAML and C litmus; check, --json, matrix, ablate); --first proves only what
// it found; --max-states is exact in every search; --format herd says which model it ran.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

const DIR = 'test/fixtures/judgement';
const json = (stdout: string): Record<string, unknown>[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a final condition with never or forall is an expectation', () => {
  test('never reached, no expect: FAIL, exit 1, with the run that reaches it', () => {
    const r = raceway(['check', '--mode', 'exhaustive', `${DIR}/never-reached.yaml`]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^ {2}FAIL never-reached {2}default {2}sometimes +\(expected never;/m);
    assert.match(r.stdout, /A run that ends in a state where 0:r0 == 1 && 1:r0 == 1 holds \(4 steps\)\./);
  });

  test('never reached, --json: verdict sometimes (never safe), met false, judgement unmet, expected never, exit 1', () => {
    const r = raceway(['check', '--json', '--mode', 'exhaustive', `${DIR}/never-reached.yaml`]);
    assert.equal(r.code, 1);
    const [o] = json(r.stdout);
    assert.equal(o!.expected, 'never');
    assert.equal(o!.met, false);
    assert.equal(o!.judgement, 'unmet');
    assert.equal(o!.observation, 'sometimes');
    // The verdict says what the text's verdict line says: a reached `never` is not `safe`.
    assert.equal(o!.verdict, 'sometimes');
  });

  test('--json: with a final condition, a violation-free verdict is the observation word, for YAML and C litmus alike', () => {
    const [f] = json(raceway(['check', '--json', '--mode', 'exhaustive', `${DIR}/forall-refuted.yaml`]).stdout);
    assert.equal(f!.verdict, 'sometimes');
    assert.equal(f!.met, false);
    const [l] = json(raceway(['check', '--json', '--memory-model', 'sc', `${DIR}/SB-notexists-unclaimed.litmus`]).stdout);
    assert.equal(l!.observation, 'Never');
    assert.equal(l!.verdict, 'never');
    // Under the LKMM, a .litmus file's default model, SB's outcome is reached.
    const [k] = json(raceway(['check', '--json', `${DIR}/SB-notexists-unclaimed.litmus`]).stdout);
    assert.equal(k!.memory_model, 'lkmm');
    assert.equal(k!.observation, 'Sometimes');
    assert.equal(k!.verdict, 'sometimes');
    // Without a final condition the verdict is unchanged.
    const plain = json(raceway(['check', '--json', '--mode', 'exhaustive', 'scenarios/lockdep/key-race.yaml', '--variant', 'key-race', '--strategy', 'rcu']).stdout);
    assert.deepEqual(plain.map((x) => x.verdict), ['safe']);
  });

  test('forall refuted, no expect: FAIL, exit 1, with a run to a state where it does not hold', () => {
    const r = raceway(['check', '--mode', 'exhaustive', `${DIR}/forall-refuted.yaml`]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL forall-refuted {2}default {2}sometimes +\(expected always;/);
    assert.match(r.stdout, /A run that ends in a state where 0:r0 == 1 && 1:r0 == 1 does not hold \(\d+ steps\)\./);
    const [o] = json(raceway(['check', '--json', '--mode', 'exhaustive', `${DIR}/forall-refuted.yaml`]).stdout);
    const finals = o!.finals as { failing: unknown[] | null };
    assert.ok(Array.isArray(finals.failing) && finals.failing.length > 0);
  });

  test('matrix marks the refuted claim and exits 1', () => {
    const r = raceway(['matrix', `${DIR}/never-reached.yaml`]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /│ default +│ sometimes \(!\) +│/);
  });

  test('ablate judges the program as written against the claim', () => {
    const r = raceway(['ablate', `${DIR}/never-reached.yaml`]);
    assert.match(r.stdout, /as written: sometimes \(expected never: unmet\)/);
  });

  test('a C litmus test with ~exists and no Result line: met under SC, FAIL and exit 1 under TSO', () => {
    const f = `${DIR}/SB-notexists-unclaimed.litmus`;
    const sc = raceway(['check', '--memory-model', 'sc', f]);
    assert.equal(sc.code, 0, sc.stdout);
    assert.match(sc.stdout, /ok {3}sc {2}Never +\(expected Never, as the quantifier claims:/);
    const tso = raceway(['check', '--memory-model', 'tso', f]);
    assert.equal(tso.code, 1, tso.stdout);
    assert.match(tso.stdout, /FAIL tso {2}Sometimes/);
    assert.match(tso.stdout, /A run that ends in a state where the condition holds/);
    const [o] = json(raceway(['check', '--json', '--memory-model', 'tso', f]).stdout);
    assert.equal(o!.expected_from, 'final');
    assert.equal(o!.judgement, 'unmet');
  });
});

describe('--first proves only what it found', () => {
  const f = `${DIR}/two-kinds.yaml`;
  test('without --first both expected kinds are found: met, exit 0', () => {
    const r = raceway(['check', '--mode', 'exhaustive', '--summary', f]);
    assert.equal(r.code, 0, r.stdout);
  });

  // Depth-first and breadth-first (--shortest) both meet the use-after-free first. (In --mode both
  // the random search may find the other kind first, and then the two searches find both.)
  for (const extra of [[], ['--shortest']] as string[][]) {
    test(`with --first${extra.map((x) => ` ${x}`).join('')} the kind not looked for is inconclusive, not a failure: exit 3`, () => {
      const r = raceway(['check', '--mode', 'exhaustive', ...extra, '--first', '--summary', f]);
      assert.equal(r.code, 3, r.stdout);
      assert.match(r.stdout, /^ {2}\?\? {3}two-kinds {2}default {2}use-after-free +\(expected double-free, use-after-free; stopped at the first violation \(--first\);/m);
      const [o] = json(raceway(['check', '--mode', 'exhaustive', ...extra, '--first', '--json', f]).stdout);
      assert.equal(o!.judgement, 'inconclusive');
      assert.equal(o!.bound, 'first');
    });
  }
});

describe('--max-states is exact: complete with the states a search needs, inconclusive with one fewer', () => {
  for (const model of ['sc', 'tso'] as const) {
    for (const reduction of [true, false]) {
      const base = ['check', 'scenarios/litmus/SB.yaml', '--variant', model, '--strategy', 'plain', '--mode', 'exhaustive', ...(reduction ? [] : ['--no-reduction'])];
      test(`${model}, ${reduction ? 'reduced' : 'unreduced'}`, () => {
        const full = json(raceway([...base, '--json']).stdout)[0]!;
        const needed = (full.stats as { states: number }).states;
        const at = raceway([...base, '--json', '--max-states', String(needed)]);
        assert.equal(at.code, 0, at.stdout);
        const atO = json(at.stdout)[0]!;
        assert.equal(atO.bound, undefined);
        assert.equal((atO.stats as { states: number }).states, needed);
        const short = raceway([...base, '--json', '--max-states', String(needed - 1)]);
        assert.equal(short.code, 3, short.stdout);
        const shortO = json(short.stdout)[0]!;
        assert.equal(shortO.verdict, 'inconclusive');
        assert.equal(shortO.bound, 'max-states');
        assert.equal((shortO.stats as { states: number }).states, needed - 1);
      });
    }
  }
});

describe('--format herd says which memory model it ran', () => {
  for (const model of ['sc', 'tso'] as const) {
    test(`under ${model} a Model line follows the Test line`, () => {
      const r = raceway(['check', '--format', 'herd', '--memory-model', model, 'test/fixtures/linux-litmus/tools/memory-model/litmus-tests/SB+poonceonces.litmus']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], 'Test SB+poonceonces Allowed');
      assert.equal(lines[1], `Model ${model} (raceway)`);
      assert.match(r.stdout, new RegExp(`^Observation SB\\+poonceonces ${model === 'sc' ? 'Never' : 'Sometimes'} `, 'm'));
    });
  }
});
