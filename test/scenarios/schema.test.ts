// The JSON Schema (schema/scenario.schema.json, for editors) and the validator agree on the
// shipped scenarios: every one passes both and carries the schema modeline. The bad fixtures are
// in src/scenario/schema.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { loadScenario } from '../../src/scenario/load.js';
import { validateJson, type Json } from '../../src/testing/json-schema.js';
import { repoRoot } from '../../src/testing/repo-root.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schema/scenario.schema.json'), 'utf8')) as Record<string, unknown>;

function shipped(dir = join(repoRoot, 'scenarios')): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? shipped(f) : /\.ya?ml$/.test(n) ? [f] : [];
  });
}

describe('the JSON Schema agrees with the validator', () => {
  for (const file of shipped()) {
    const rel = file.slice(repoRoot.length + 1);
    test(`${rel}: valid for both, and carries the schema modeline`, () => {
      const text = readFileSync(file, 'utf8');
      assert.equal(loadScenario(rel, text).ok, true);
      assert.deepEqual(validateJson(schema, parse(text) as Json), []);
      assert.match(text.split('\n')[0]!, /^# yaml-language-server: \$schema=(\.\.\/)+schema\/scenario\.schema\.json$/);
    });
  }
});
