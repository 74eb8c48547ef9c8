// The language reference lists exactly the primitives the tool accepts: the generated blocks of
// docs/scenario-language.md and docs/litmus.md equal what the registry generates now, and every
// call written in the scenario language's table of forms is one the tool accepts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { primitive } from '../../litmus/primitives.js';
import { repoRoot } from '../../testing/repo-root.js';
import { BEGIN, END, litmusReference, scenarioReference } from './reference.js';
import { primitiveNamed, primitiveNames } from './registry.js';

const REGENERATE = 'regenerate with: npx tsc -p tsconfig.json && node dist/src/testing/write-primitive-docs.js';

function block(file: string): string {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  assert.ok(a >= 0 && b > a, `${file} has the generated block`);
  return text.slice(a, b + END.length);
}

test('docs/scenario-language.md lists every primitive the scenario language accepts, and no other', () => {
  assert.equal(block('docs/scenario-language.md'), scenarioReference(), REGENERATE);
});

test('docs/litmus.md lists every primitive a litmus body may call, and no other', () => {
  assert.equal(block('docs/litmus.md'), litmusReference(), REGENERATE);
});

test('the generated lists name every accepted name (a name that does not show is caught here)', () => {
  const scenario = scenarioReference();
  const litmus = litmusReference();
  for (const name of primitiveNames()) {
    // Ordering forms are shown folded: `xchg{,_relaxed,_acquire,_release}`.
    const base = name.replace(/_(relaxed|acquire|release)$/, '');
    const shown = (text: string): boolean => text.includes(`\`${name}(`) || text.includes(`\`${name}\``) || text.includes(`\`${base}{,_relaxed`);
    assert.ok(shown(scenario), `${name} is in the scenario table`);
    assert.equal(shown(litmus), primitive(name) !== undefined, `${name} is in the litmus list exactly when a litmus body may call it`);
  }
});

test('every call in the table of forms of docs/scenario-language.md is a primitive the tool accepts', () => {
  const text = readFileSync(join(repoRoot, 'docs/scenario-language.md'), 'utf8');
  const table = text.slice(text.indexOf('| form | meaning |'), text.indexOf('| `break`, `continue`'));
  const calls = [...table.matchAll(/`(\w+)\(/g)].map((m) => m[1]!).filter((n) => n !== 'proc');
  assert.ok(calls.length > 20, 'the table was found');
  for (const n of calls) assert.ok(primitiveNamed(n), `${n}() in the table of forms is accepted`);
});
