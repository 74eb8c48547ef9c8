// End-to-end: --strategy and --variant choose what is explored, never what is validated; and a
// name the file lacks is refused with the names there are.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

const typo = `cpus: 1
state: { cells: { x: 0 } }
procedures: { reader(): [r = READ_ONCE(x)] }
programs: { cpu 0: [reader()] }
strategies:
  good: {}
  bad: { procedures: { reader(): [smp_mbb(), r = READ_ONCE(x)] } }
expect: { good: safe, bad: safe }
`;

function file(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'raceway-select-')), 's.yaml');
  writeFileSync(f, text);
  return f;
}

const seed = 'scenarios/lockdep/key-race.yaml';
const strategies = 'none, rcu, rcu-expedited, hazptr-key, hazptr-head, hazptr-head-irqoff, hazptr-head-slots, shazptr, bucket-refcount, rwlock-unfair, rwlock-fair';

describe('a file is valid as a whole before anything in it is explored', () => {
  const f = file(typo);
  const error = `${f}:7:35: error: unknown operation 'smp_mbb' (expected a kernel primitive or a procedure of this scenario); did you mean 'smp_mb'?`;
  for (const args of [['check', f, '--strategy', 'good', '--summary'], ['matrix', f, '-s', 'good'], ['ablate', f, '-s', 'good'], ['check', f, '--strategy', 'nope']]) {
    test(`${args[0]} ${args.slice(2).join(' ')}: the mistake in another strategy is reported, exit 2`, () => {
      const r = raceway(args);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stderr.split('\n')[0], error);
      assert.doesNotMatch(r.stderr, /no strategy/);
    });
  }
  test('replay of a strategy of an invalid file shows the file\'s errors', () => {
    const r = raceway(['replay', f, '-s', 'nope', '--token', 'x']);
    assert.deepEqual([r.code, r.stderr], [2, error + '\n']);
  });
});

describe('a strategy or variant the file lacks is refused with the ones it has', () => {
  test('check --strategy', () => {
    const r = raceway(['check', seed, '--strategy', 'rcu-expidited', '--summary']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `${seed}: error: no strategy 'rcu-expidited' (expected one of ${strategies}); did you mean 'rcu-expedited'?\n`);
  });
  test('check --variant', () => {
    const r = raceway(['check', seed, '--variant', 'irq', '--summary']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `${seed}: error: no variant 'irq' (expected one of key-race, key-race-irq, key-race-nmi)\n`);
  });
  test('matrix -s', () => {
    const r = raceway(['matrix', seed, '-s', 'nope']);
    assert.deepEqual([r.code, r.stdout], [2, '']);
    assert.equal(r.stderr, `${seed}: error: no strategy 'nope' (expected one of ${strategies}); did you mean 'none'?\n`);
  });
  test('replay -s and --variant', () => {
    const r = raceway(['replay', seed, '-s', 'hazptr', '--token', 'x']);
    assert.deepEqual([r.code, r.stderr], [2, `${seed}: error: no strategy 'hazptr' (expected one of ${strategies}); did you mean 'shazptr'?\n`]);
    const v = raceway(['replay', seed, '-s', 'rcu', '--variant', 'key-race-nmx', '--token', 'x']);
    assert.deepEqual([v.code, v.stderr], [2, `${seed}: error: no variant 'key-race-nmx' (expected one of key-race, key-race-irq, key-race-nmi); did you mean 'key-race-nmi'?\n`]);
  });
});

describe('over several files, --strategy and --variant select the cases that have the names', () => {
  const barriers = 'scenarios/lockdep/hazptr-barriers.yaml';
  const litmus = 'test/fixtures/linux-litmus/Documentation/litmus-tests/atomic/cmpxchg-fail-unordered-1.litmus';
  test('a file without the strategy is skipped, named, and counted when another file has it', () => {
    const r = raceway(['check', seed, barriers, litmus, '--strategy', 'rcu', '--variant', 'key-race', '--mode', 'exhaustive']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^scenarios\/lockdep\/hazptr-barriers\.yaml: skipped: no strategy 'rcu', no variant 'key-race'$/m);
    assert.match(r.stdout, new RegExp(`^${litmus.replace(/[.+]/g, '\\$&')}: skipped: no strategy 'rcu', no variant 'key-race'$`, 'm'));
    assert.match(r.stdout, /\n1 result: 1 met, 0 not met, 0 inconclusive, 2 files skipped \(no such strategy or variant\)\n$/);
  });
  test('a name no file has is a mistake, even when another name runs', () => {
    const r = raceway(['check', seed, barriers, '--strategy', 'rcu', '--strategy', 'rcuu', '--variant', 'key-race', '--mode', 'exhaustive']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(r.stderr, "raceway: error: no case of these files has strategy 'rcuu' (expected a name some file has)\n");
  });
  test('when no file has it, each is a mistake', () => {
    const r = raceway(['check', barriers, litmus, '--strategy', 'rcu']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(r.stderr, `${barriers}: error: no strategy 'rcu' (expected one of both-mb, no-reader-mb, no-writer-mb)\n`
      + `${litmus}: error: no strategy 'rcu' (expected strategy default, variant cmpxchg-fail-unordered-1: a C litmus test has one case)\n`);
    assert.match(r.stdout, /0 results: 0 met, 0 not met, 0 inconclusive, 2 bad files\n$/);
  });
});
