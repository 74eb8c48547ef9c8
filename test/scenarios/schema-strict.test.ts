// The JSON Schema under ajv, the reference validator, in strict mode (what `ajv --strict` checks):
// no unknown keyword, no `required` naming a property the schema never defines, no keyword for a
// type the schema does not declare. An editor's validator is no stricter than ajv, and a schema
// that strict ajv accepts means what it says. ajv also checks our small test validator
// (src/testing/json-schema.ts): the two agree on every shipped scenario and every bad fixture.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { validateJson, type Json } from '../../src/testing/json-schema.js';
import { repoRoot } from '../../src/testing/repo-root.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schema/scenario.schema.json'), 'utf8')) as Record<string, unknown>;

/** Every strict rule an error, as the CLI's --strict=true sets them. */
const strictAjv = (): InstanceType<typeof Ajv2020.default> => new Ajv2020.default({
  strict: true, strictSchema: true, strictNumbers: true, strictTypes: true, strictTuples: true, strictRequired: true, allErrors: true,
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? yamlFiles(f) : /\.ya?ml$/.test(n) ? [f] : [];
  });
}

describe('the JSON Schema under strict ajv', () => {
  test('compiles with every strict rule an error', () => {
    assert.doesNotThrow(() => strictAjv().compile(schema));
  });

  test('claims no web address it is not served from (no $id)', () => {
    assert.equal(schema.$id, undefined);
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  });

  test('ajv and the test validator agree on every shipped scenario and every bad fixture that is YAML', () => {
    const validate = strictAjv().compile(schema);
    const files = [...yamlFiles(join(repoRoot, 'scenarios')), ...yamlFiles(join(repoRoot, 'test/fixtures/bad'))];
    let refused = 0;
    for (const f of files) {
      let doc: Json;
      try {
        doc = (parse(new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(f)), { maxAliasCount: 100 }) ?? null) as Json;
      } catch {
        continue; // not YAML (or not UTF-8): no document for either validator
      }
      const ours = validateJson(schema, doc).length === 0;
      assert.equal(validate(doc), ours, `${f.slice(repoRoot.length + 1)}: ajv ${ours ? 'refuses' : 'accepts'} what the test validator ${ours ? 'accepts' : 'refuses'}`);
      if (!ours) refused++;
    }
    assert.ok(refused >= 20, `the bad fixtures include structural mistakes (${refused} refused)`);
  });
});
