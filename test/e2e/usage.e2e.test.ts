// End-to-end: a usage mistake exits 2 with commander's line and where to find help, for every
// command including matrix; and every numeric option refuses what is out of its range.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

const K = 'scenarios/lockdep/key-race.yaml';
const HELP = '(run raceway --help for usage)\n';

function usage(args: string[], line: string): void {
  const r = raceway(args);
  assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', `${line}\n${HELP}`], args.join(' '));
}

describe('matrix usage errors', () => {
  test('an unknown option', () => usage(['matrix', K, '--bogus'], "error: unknown option '--bogus'"));
  test('--cpus 0, abc, 10^9', () => {
    for (const v of ['0', 'abc', '1000000000']) usage(['matrix', K, '--cpus', v], `error: option '--cpus <n>' argument '${v}' is invalid. --cpus must be a whole number from 1 to 256`);
  });
  test('--format svg', () => usage(['matrix', K, '--format', 'svg'], "error: option '--format <format>' argument 'svg' is invalid. Allowed choices are table, markdown, json."));
  test('no paths', () => usage(['matrix'], "error: missing required argument 'paths'"));
});

describe('numeric options have a range', () => {
  const cases: [string, string, string][] = [
    ['--max-states', '99999999999999999999', '1 to 1000000000'],
    ['--timeout', '9007199254740993', '1 to 604800'],
    ['--runs', '99999999999999999999', '1 to 1000000000'],
    ['--depth', '100000000', '1 to 100'],
    ['--jobs', '0', '1 to 256'],
    ['--preemption-bound', '1001', '0 to 1000'],
    ['--max-memory', '0', '1 to 1048576'],
    ['--seed', '2147483648', '0 to 2147483647'],
    ['--cpus', '33', '1 to 32'],
  ];
  for (const [name, v, range] of cases) {
    test(`check ${name} ${v}`, () => {
      const meta = name === '--timeout' ? '<seconds>' : name === '--preemption-bound' ? '<k>' : name === '--max-memory' ? '<mb>' : name === '--depth' ? '<d>' : '<n>';
      usage(['check', K, name, v], `error: option '${name} ${meta}' argument '${v}' is invalid. ${name} must be a whole number from ${range}`);
    });
  }
  test('ablate and replay too', () => {
    usage(['ablate', K, '--max-states', '0'], "error: option '--max-states <n>' argument '0' is invalid. --max-states must be a whole number from 1 to 1000000000");
    usage(['replay', K, '-s', 'rcu', '--token', 'x', '--cpus', '99'], "error: option '--cpus <n>' argument '99' is invalid. --cpus must be a whole number from 1 to 32");
  });
  test('--help shows each range', () => {
    const r = raceway(['check', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout.replace(/\s+/g, ' '), /--depth <d> PCT's bug depth d \(d-1 priority change points\) \(1 to 100\)/);
  });
});
