// Imports: shared procedures and strategies from files named relative to the importer, read by
// the caller's reader; cycles, missing files and paths that are not relative .yaml files are one
// located line each, and a mistake inside an imported file is located in that file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importPath, type ImportReader } from './imports.js';
import { loadScenario } from './load.js';

/** A reader over in-memory files, recording what it was asked for. */
function files(map: Record<string, string>): ImportReader & { asked: string[] } {
  const asked: string[] = [];
  const read = ((file: string) => {
    asked.push(file);
    const text = map[file];
    return text === undefined ? { ok: false as const, message: 'no such file or folder' } : { ok: true as const, text };
  }) as ImportReader & { asked: string[] };
  read.asked = asked;
  return read;
}

const SHARED = `procedures:
  hook(): []
strategies:
  fenced:
    procedures:
      hook():
        - smp_mb()
`;
const MAIN = `scenario: m
cpus: 2
state:
  cells: { x: 0 }
programs:
  cpu 0:
    - WRITE_ONCE(x, 1)
    - hook()
  cpu 1:
    - r = READ_ONCE(x)
`;

test('importPath reads a path from the folder of the importing file', () => {
  assert.equal(importPath('scenarios/rcu/a.yaml', 'shared.yaml'), 'scenarios/rcu/shared.yaml');
  assert.equal(importPath('scenarios/rcu/a.yaml', '../common/./s.yaml'), 'scenarios/common/s.yaml');
  assert.equal(importPath('a.yaml', '../s.yaml'), '../s.yaml');
  assert.equal(importPath('/abs/a.yaml', 'lib/s.yaml'), '/abs/lib/s.yaml');
});

test('imported procedures and strategies lower as if written in the file', () => {
  const imported = loadScenario('d/m.yaml', `imports: [lib/shared.yaml]\n${MAIN}`, { imports: files({ 'd/lib/shared.yaml': SHARED }) });
  const written = loadScenario('d/m.yaml', `${MAIN}procedures:\n  hook(): []\nstrategies:\n  fenced:\n    procedures:\n      hook():\n        - smp_mb()\n`);
  assert.ok(imported.ok && written.ok);
  if (!imported.ok || !written.ok) return;
  assert.deepEqual(imported.value.cases.map((c) => [c.strategy, c.program.fingerprint]), written.value.cases.map((c) => [c.strategy, c.program.fingerprint]));
  // The imported procedure's instruction points into the imported file.
  const fenced = imported.value.cases[0]!.program;
  assert.ok(fenced.codes[0]!.instrs.some((i) => i.span.file === 'd/lib/shared.yaml' && i.text.includes('smp_mb')));
});

test("the file's own procedure replaces an imported one; a strategy both here and imported is a mistake", () => {
  const mine = loadScenario('m.yaml', `imports: [s.yaml]\n${MAIN}procedures:\n  hook():\n    - smp_rmb()\n`, { imports: files({ 's.yaml': SHARED }) });
  assert.ok(mine.ok);
  const twice = loadScenario('m.yaml', `imports: [s.yaml]\n${MAIN}strategies:\n  fenced: {}\n`, { imports: files({ 's.yaml': SHARED }) });
  assert.equal(twice.ok, false);
  if (!twice.ok) assert.deepEqual(twice.errors.map((e) => e.message), ["strategy 'fenced' is also imported from s.yaml"]);
});

test('a cycle is one error at the import that closes it; a file imported twice is read once', () => {
  const cyc = loadScenario('a.yaml', `imports: [b.yaml]\n${MAIN}`, { imports: files({ 'b.yaml': 'imports: [a.yaml]\n' }) });
  assert.equal(cyc.ok, false);
  if (!cyc.ok) {
    assert.equal(cyc.errors.length, 1);
    assert.equal(cyc.errors[0]!.message, 'import cycle: a.yaml -> b.yaml -> a.yaml');
    assert.deepEqual([cyc.errors[0]!.span.file, cyc.errors[0]!.span.start], ['b.yaml', 'imports: ['.length]);
  }
  const reader = files({ 'b.yaml': 'imports: [s.yaml]\n', 'c.yaml': 'imports: [s.yaml]\n', 's.yaml': SHARED });
  assert.ok(loadScenario('a.yaml', `imports: [b.yaml, c.yaml]\n${MAIN}`, { imports: reader }).ok);
  assert.deepEqual(reader.asked, ['b.yaml', 's.yaml', 'c.yaml']);
});

test('a missing file, a path that is not relative, a file that is not .yaml, and no reader are each one located line', () => {
  const text = `imports: [missing.yaml, /etc/x.yaml, notes.txt]\n${MAIN}`;
  const reader = files({});
  const r = loadScenario('m.yaml', text, { imports: reader });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual(r.errors.map((e) => [e.span.start, e.message]), [
      [text.indexOf('missing.yaml'), "cannot import 'missing.yaml': no such file or folder"],
      [text.indexOf('/etc/x.yaml'), "cannot import '/etc/x.yaml': not a relative path"],
      [text.indexOf('notes.txt'), "cannot import 'notes.txt': not a .yaml or .yml file"],
    ]);
  }
  // Only the relative .yaml path was ever asked for.
  assert.deepEqual(reader.asked, ['missing.yaml']);
  const none = loadScenario('<stdin>', `imports: [s.yaml]\n${MAIN}`);
  assert.equal(none.ok, false);
  if (!none.ok) assert.equal(none.errors[0]!.message, "cannot import 's.yaml': the scenario is not read from a file");
});

test('a mistake in an imported file is located in that file', () => {
  const lib = 'procedures:\n  hook():\n    - smp_mbb()\n';
  const r = loadScenario('m.yaml', `imports: [s.yaml]\n${MAIN}`, { imports: files({ 's.yaml': lib }) });
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.errors.map((e) => [e.span.file, e.span.start, e.message]), [['s.yaml', lib.indexOf('smp_mbb'), "unknown operation 'smp_mbb'"]]);
  const keys = loadScenario('m.yaml', `imports: [s.yaml]\n${MAIN}`, { imports: files({ 's.yaml': 'cpus: 2\n' }) });
  assert.equal(keys.ok, false);
  if (!keys.ok) assert.equal(keys.errors[0]!.span.file, 's.yaml');
});
