// End-to-end: a scenario importing shared procedures and strategies from files beside it, as a
// user runs it: checked and replayed like one file, and a mistake inside an imported file printed
// at that file's own line and column; a missing import or a cycle is one line, exit 2.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

const MAIN = `imports: [shared/hooks.yaml]
cpus: 2
state: { cells: { flag: 0 } }
programs:
  cpu 0: [hook(), "smp_store_release(flag, 1)"]
  cpu 1: ["r = smp_load_acquire(flag)"]
expect: { fenced: safe }
`;
const HOOKS = `procedures:
  hook(): []
strategies:
  fenced:
    procedures:
      hook():
        - smp_mb()
`;

function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'raceway-imports-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}

test('an imported strategy is checked as if written in the file', () => {
  const d = folder({ 'main.yaml': MAIN, 'shared/hooks.yaml': HOOKS });
  const r = raceway(['check', join(d, 'main.yaml'), '--summary']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 result: 1 met/);
});

test('a mistake in an imported file is printed at its own line and column', () => {
  const d = folder({ 'main.yaml': MAIN, 'shared/hooks.yaml': HOOKS.replace('smp_mb()', 'smp_mbb()') });
  const r = raceway(['validate', join(d, 'main.yaml')]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('\n')[0], `${join(d, 'shared/hooks.yaml')}:7:11: error: unknown operation 'smp_mbb' (expected a kernel primitive or a procedure of this scenario); did you mean 'smp_mb'?`);
});

test('a missing import and a cycle are one line each, exit 2', () => {
  const missing = folder({ 'main.yaml': MAIN });
  const r = raceway(['validate', join(missing, 'main.yaml')]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('\n')[0], `${join(missing, 'main.yaml')}:1:11: error: cannot import 'shared/hooks.yaml': no such file or folder (expected a readable scenario file)`);
  const cycle = folder({ 'main.yaml': MAIN, 'shared/hooks.yaml': `imports: [../main.yaml]\n${HOOKS}` });
  const c = raceway(['validate', join(cycle, 'main.yaml')]);
  assert.equal(c.code, 2);
  assert.match(c.stderr.split('\n')[0]!, /shared\/hooks\.yaml:1:11: error: import cycle: .*main\.yaml -> .*shared\/hooks\.yaml -> .*main\.yaml/);
});
