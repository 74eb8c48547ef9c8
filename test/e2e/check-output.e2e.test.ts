// End-to-end: what the default `raceway check` prints and how it searches (issue 16, items 9 and
// 10): the exact search first, random search only where its quick budget runs out; counterexamples
// that met their expectation folded to one line each with their token, full tables for the rest.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

// CPU 1 frees what CPU 0 may still read: declared safe, so the expectation is not met.
const WRONGLY_SAFE = [
  'cpus: 2',
  'state:',
  '  objects: { obj: { v: 0 } }',
  '  cells: { p: obj }',
  'programs:',
  '  cpu 0: ["q = READ_ONCE(p)", "r = READ_ONCE(q->v)"]',
  '  cpu 1: ["WRITE_ONCE(p, NULL)", "free(obj)"]',
  'expect: { default: safe }',
].join('\n');

function tmpFile(name: string, text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'raceway-e2e-')), name);
  writeFileSync(f, text);
  return f;
}

const TOKEN = /--token (rw1\.[0-9a-z.A-Z]+)/;

describe('raceway check, default mode and output', () => {
  test('the default mode settles a small cell with the exact search alone: no random search', () => {
    const r = raceway(['check', 'scenarios/lockdep/key-race.yaml', '--variant', 'key-race', '--strategy', 'none', '--seed', '1', '--full']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /found by exhaustive search, \d+ steps/);
    assert.doesNotMatch(r.stdout, /random/);
  });

  test('where the quick budget is not enough, the verdict line says random search ran', () => {
    // --max-states below the quick budget: the exact search stops there, random search runs.
    const r = raceway(['check', 'scenarios/lockdep/key-race.yaml', '--variant', 'key-race-irq', '--strategy', 'rcu', '--max-states', '20', '--seed', '1']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /inconclusive \(max-states\)\s+\(expected safe; 20 states, then 1500 random runs, \d+ ms\)/);
  });

  test('the default mode gives the same verdicts as --mode exhaustive over every shipped scenario', () => {
    const verdicts = (extra: string[]) => raceway(['check', 'scenarios/', '--summary', '--seed', '1', ...extra]).stdout
      .split('\n').filter((l) => /^ {2}(ok|FAIL|\?\?)/.test(l)).map((l) => l.replace(/\(.*\)$/, ''));
    const both = verdicts([]);
    assert.ok(both.length > 60);
    assert.deepEqual(both, verdicts(['--mode', 'exhaustive']));
  });

  test('a met counterexample prints one line with its token, which replays it', () => {
    const r = raceway(['check', 'scenarios/lockdep/key-race.yaml', '--variant', 'key-race', '--strategy', 'none', '--seed', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /[┌│└]/, 'no table');
    const line = r.stdout.split('\n').find((l) => TOKEN.test(l))!;
    assert.match(line, /^ {7}use-after-free, \d+ steps \(exhaustive search\): --token rw1\./);
    const token = TOKEN.exec(line)![1]!;
    const replay = raceway(['replay', 'scenarios/lockdep/key-race.yaml', '--variant', 'key-race', '--strategy', 'none', '--token', token]);
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, /│ #\s+│ CPU 0/);
    assert.match(r.stdout, /--full prints them/);
  });

  test('an unmet expectation prints its counterexample in full', () => {
    const r = raceway(['check', tmpFile('unmet.yaml', WRONGLY_SAFE)]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /FAIL/);
    assert.match(r.stdout, /│ #\s+│ CPU 0\s+│ CPU 1/);
    assert.match(r.stdout, /^replay: raceway replay /m);
  });

  test('--full prints every counterexample and witness run in full', () => {
    const r = raceway(['check', 'scenarios/lockdep/key-race.yaml', 'scenarios/litmus/SB.yaml', '--full', '--seed', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.stdout.match(/^replay: /gm) ?? []).length, 13);
    assert.match(r.stdout, /A run that ends in a state where/);
    assert.doesNotMatch(r.stdout, /^ {7}\S+, \d+ steps \(/m, 'no folded line');
    assert.doesNotMatch(r.stdout, /--full prints/);
  });

  test('check scenarios/ with every expectation met fits a screen per scenario', () => {
    const r = raceway(['check', 'scenarios/', '--seed', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /[┌│└]/, 'no table');
    // Each scenario's block, from its header line to the next.
    const blocks = r.stdout.split(/\n(?=scenarios\/)/);
    assert.ok(blocks.length >= 13);
    for (const b of blocks) assert.ok(b.split('\n').length <= 50, `${b.split('\n')[0]}: ${b.split('\n').length} lines`);
  });
});
