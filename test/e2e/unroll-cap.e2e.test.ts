// End-to-end: loops whose bodies emit no instruction (a call of an empty procedure, a label, a
// line that failed to parse) and deep nests of `for c in cpus` stop at the unrolling cap at once,
// with one located error line and exit 2, in validate, check and ablate. They used to unroll
// forever. Each run has a timeout, so a regression fails instead of hanging the suite.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { racewayCli } from '../../src/testing/spawn-raceway.js';

/** A guard against a hang, not a measurement: the cap trips in well under a second. */
const GIVE_UP_MS = 30_000;

function run(args: readonly string[]): { code: number | null; signal: string | null; stderr: string } {
  const r = spawnSync(process.execPath, [racewayCli, ...args], {
    cwd: repoRoot, encoding: 'utf8', timeout: GIVE_UP_MS, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: r.status, signal: r.signal, stderr: r.stderr };
}

const nest = (inner: string): string => `scenario: nest
cpus: 2
state:
  cells: { x: 0 }
procedures:
  nothing(): []
programs:
  cpu 0:
    - for i in 0..1023:
        - for j in 0..1023:
            - for k in 0..1023:
                - ${inner}
  cpu 1:
    - WRITE_ONCE(x, 1)
`;

const STEPS = 'CPU 0 takes more than 500000 steps to unroll and inline (every loop iteration and every statement counts, even one that emits no instruction) (expected smaller ranges or fewer nested calls)';

const dir = mkdtempSync(join(tmpdir(), 'raceway-unroll-'));
const file = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

for (const [what, inner] of [['a call of an empty procedure', 'nothing()'], ['a label', 'label: here']] as const) {
  const f = file(`${inner.replace(/\W/g, '')}.yaml`, nest(inner));
  for (const command of ['validate', 'check', 'ablate']) {
    test(`${command}: three nested loops around ${what} stop at the cap with one line, exit 2`, () => {
      const r = run(command === 'check' ? [command, '--mode', 'exhaustive', f] : [command, f]);
      assert.equal(r.signal, null, 'it ran until the timeout');
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.split('\n').filter((l) => l.includes('error:')).join('\n'), `${f}:9:7: error: ${STEPS}`);
    });
  }
}

test('validate: the nest around a line that failed to parse stops at the cap and reports the line too', () => {
  const f = file('parse.yaml', nest('WRITE_ONCE(x, '));
  const r = run(['validate', f]);
  assert.equal(r.signal, null, 'it ran until the timeout');
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, `${f}:9:7: error: ${STEPS}\n${f}:12:32: error: unexpected end of statement (expected an expression)\n`);
});

test('validate: thirty nested `for c in cpus` stop at the cap at once', () => {
  const lines = ['scenario: cpus30', 'cpus: 2', 'state:', '  cells: { x: 0 }', 'programs:', '  cpu 0:'];
  let indent = '    ';
  for (let i = 0; i < 30; i++) { lines.push(`${indent}- for c${i} in cpus:`); indent += '    '; }
  lines.push(`${indent}- WRITE_ONCE(x, 1)`);
  const f = file('cpus30.yaml', lines.join('\n') + '\n');
  const r = run(['validate', f]);
  assert.equal(r.signal, null, 'it ran until the timeout');
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, `${f}:7:7: error: ${STEPS}\n`);
});
