// Test support: a small JSON Schema validator for the subset schema/scenario.schema.json uses
// (type, properties, required, additionalProperties, patternProperties, items, enum, const,
// anyOf, oneOf, allOf, minimum, maximum, minProperties, pattern, $ref to #/$defs). Anything
// else in a schema is refused loudly, so the schema cannot drift outside what is checked.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = boolean | { readonly [k: string]: unknown };

const SUPPORTED = new Set([
  '$schema', '$id', '$defs', 'title', 'description', '$ref', 'type', 'properties', 'required', 'additionalProperties',
  'patternProperties', 'items', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'minimum', 'maximum', 'minProperties', 'pattern',
]);

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: Json, t: string): boolean {
  if (t === 'integer') return typeof v === 'number' && Number.isInteger(v);
  return typeOf(v) === t;
}

/** Every violation of `schema` by `value`, as "path: what"; empty when valid. */
export function validateJson(root: Schema, value: Json): string[] {
  const errors: string[] = [];
  const defs = (typeof root === 'object' ? root.$defs : undefined) as Record<string, Schema> | undefined;
  const check = (s: Schema, v: Json, path: string): void => {
    if (s === true) return;
    if (s === false) { errors.push(`${path}: not allowed`); return; }
    for (const k of Object.keys(s)) if (!SUPPORTED.has(k)) throw new Error(`json-schema.ts does not support '${k}' (at ${path})`);
    if (typeof s.$ref === 'string') {
      const m = /^#\/\$defs\/(.+)$/.exec(s.$ref);
      const target = m ? defs?.[m[1]!] : undefined;
      if (target === undefined) throw new Error(`unresolved $ref ${s.$ref}`);
      check(target, v, path);
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => hasType(v, t))) { errors.push(`${path}: expected ${types.join(' or ')}, found ${typeOf(v)}`); return; }
    }
    if (s.enum !== undefined && !(s.enum as Json[]).some((e) => e === v)) errors.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    if (s.const !== undefined && s.const !== v) errors.push(`${path}: expected ${JSON.stringify(s.const)}`);
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) errors.push(`${path}: ${v} is below ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) errors.push(`${path}: ${v} is above ${s.maximum}`);
    }
    if (typeof v === 'string' && typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) errors.push(`${path}: ${JSON.stringify(v)} does not match ${s.pattern}`);
    if (Array.isArray(v) && s.items !== undefined) v.forEach((x, i) => check(s.items as Schema, x, `${path}[${i}]`));
    if (typeOf(v) === 'object') {
      const o = v as { [k: string]: Json };
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, Schema>).map(([p, sub]) => [new RegExp(p, 'u'), sub] as const);
      for (const r of (s.required ?? []) as string[]) if (!(r in o)) errors.push(`${path}: missing '${r}'`);
      if (typeof s.minProperties === 'number' && Object.keys(o).length < s.minProperties) errors.push(`${path}: fewer than ${s.minProperties} keys`);
      for (const [k, x] of Object.entries(o)) {
        let matched = false;
        if (Object.hasOwn(props, k)) { matched = true; check(props[k]!, x, `${path}.${k}`); }
        for (const [re, sub] of patterns) if (re.test(k)) { matched = true; check(sub, x, `${path}.${k}`); }
        if (!matched && s.additionalProperties !== undefined) check(s.additionalProperties as Schema, x, `${path}.${k}`);
      }
    }
    const branches = (key: 'anyOf' | 'oneOf'): void => {
      const list = s[key] as Schema[] | undefined;
      if (!list) return;
      const passing = list.filter((b) => validateJsonWith(root, b, v).length === 0).length;
      if (key === 'anyOf' ? passing === 0 : passing !== 1) errors.push(`${path}: matches ${passing} of the ${key} branches`);
    };
    branches('anyOf');
    branches('oneOf');
    for (const b of (s.allOf ?? []) as Schema[]) check(b, v, path);
  };
  check(root, value, '$');
  return errors;
}

/** Validates against a sub-schema that may $ref the root's $defs. */
function validateJsonWith(root: Schema, sub: Schema, value: Json): string[] {
  if (typeof root !== 'object' || typeof sub !== 'object') return validateJson(sub, value);
  return validateJson({ ...sub, $defs: root.$defs }, value);
}
