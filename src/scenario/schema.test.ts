// The JSON Schema (schema/scenario.schema.json, for editors) and the validator agree: every bad
// fixture whose mistake is structural fails both. Fixtures whose mistake is semantic (an undefined
// name, an arity) are beyond a schema, which may accept them. That every shipped scenario passes
// both is in test/scenarios/schema.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { VIOLATION_KINDS } from '../machine/violation.js';
import { validateJson, type Json } from '../testing/json-schema.js';
import { repoRoot } from '../testing/repo-root.js';
import { loadScenario } from './load.js';
import { VERDICT_WORDS } from './parse.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schema/scenario.schema.json'), 'utf8')) as Record<string, unknown>;
const BAD = join(repoRoot, 'test/fixtures/bad');

/**
 * Every bad fixture, by the kind of its mistake. 'yaml': yaml itself refuses the text (or its
 * bytes), so there is no document for the schema; 'structural': the schema must reject it;
 * 'semantic': only the validator can tell (a name, an arity, or a rule such as "one program per CPU").
 */
const FIXTURES: Readonly<Record<string, 'yaml' | 'structural' | 'semantic'>> = {
  'alias-bomb': 'yaml', 'duplicate-key': 'yaml', 'multiple-documents': 'yaml', 'not-utf8': 'yaml',
  'tab-indent': 'yaml', 'yaml-unclosed-quote': 'yaml', 'tab-before-list-item': 'yaml',
  'bad-procedure-signature': 'structural', 'bad-program-key': 'structural', 'cpus-not-a-number': 'structural',
  'cpus-zero': 'structural', 'empty-file': 'structural', 'interrupt-bad-kind': 'structural', 'interrupt-missing-run': 'structural',
  'interrupt-unknown-key': 'structural', 'missing-programs': 'structural', 'statement-is-a-number': 'structural',
  'top-level-list': 'structural', 'top-level-scalar': 'structural', 'unknown-lock-kind': 'structural',
  'unknown-memory-model': 'structural', 'unknown-data-races': 'structural', 'unknown-state-key': 'structural', 'unknown-top-key': 'structural', 'unknown-verdict': 'structural',
  'programs-empty': 'structural', 'compound-keyword-typo': 'structural',
  'cell-value-out-of-range': 'structural', 'description-not-a-string': 'structural', 'verdict-not-a-string': 'structural',
  'break-outside-loop': 'semantic', 'builtin-arity': 'semantic', 'else-without-if': 'semantic', 'expect-unknown-strategy': 'semantic',
  'free-constant': 'semantic', 'free-integer': 'semantic', 'free-plain-cell': 'semantic', 'interrupt-at-unknown-label': 'semantic',
  'interrupt-on-missing-cpu': 'semantic', 'lock-on-plain-cell': 'semantic', 'malformed-statement': 'semantic',
  'mutual-recursion': 'semantic', 'percpu-index-out-of-range': 'semantic', 'procedure-arity': 'semantic',
  'program-for-missing-cpu': 'semantic', 'recursion': 'semantic', 'rwlock-op-on-spinlock': 'semantic', 'undefined-cell': 'semantic',
  'undefined-field': 'semantic', 'undefined-lock': 'semantic', 'undefined-object-init': 'semantic', 'undefined-value-call': 'semantic',
  'unknown-op': 'semantic', 'while-without-bound': 'semantic',
  'unknown-wait-kind': 'structural', 'wait-event-undefined-queue': 'semantic',
  'unsequenced-loads': 'semantic', 'wait-until-two-locations': 'semantic', 'wait-until-side-effect': 'semantic',
  'assign-constant': 'semantic', 'procedure-named-like-primitive': 'semantic', 'strategy-procedure-never-called': 'semantic',
  'percpu-negative-index': 'semantic', 'unrolled-too-large': 'semantic', 'unrolled-too-many-instructions': 'semantic',
  'escaped-statement-column': 'semantic', 'unexpected-character': 'semantic', 'expression-not-a-statement': 'semantic',
  // Beyond the schema's keywords here (minItems, contains, uniqueness of a field across items).
  'cpu-key-twice': 'semantic', 'expect-safe-and-kind': 'semantic', 'expect-observation-without-final': 'semantic',
  'interrupt-no-cpus': 'semantic', 'interrupt-no-labels': 'semantic', 'interrupt-name-twice': 'semantic',
};

describe('the JSON Schema agrees with the validator', () => {
  test('every bad fixture is classified', () => {
    const names = readdirSync(BAD).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -5)).sort();
    assert.deepEqual(names, Object.keys(FIXTURES).sort());
  });

  test('the verdict words of the schema are the validator\'s', () => {
    const defs = schema.$defs as Record<string, { enum?: string[] }>;
    assert.deepEqual(defs.verdict!.enum, VERDICT_WORDS);
    for (const k of VIOLATION_KINDS) assert.ok(VERDICT_WORDS.includes(k));
  });

  for (const [name, kind] of Object.entries(FIXTURES)) {
    test(`bad fixture ${name} (${kind}): the validator refuses it${kind === 'structural' ? ', and so does the schema' : ''}`, () => {
      const bytes = readFileSync(join(BAD, `${name}.yaml`));
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      assert.equal(loadScenario(name, text).ok || name === 'not-utf8', name === 'not-utf8', 'the validator refuses it');
      if (kind === 'yaml') {
        assert.throws(() => { if (name === 'not-utf8') new TextDecoder('utf-8', { fatal: true }).decode(bytes); else parse(text, { maxAliasCount: 100 }); });
        return;
      }
      const errors = validateJson(schema, (parse(text) ?? null) as Json);
      if (kind === 'structural') assert.notDeepEqual(errors, [], 'the schema rejects it');
    });
  }
});
