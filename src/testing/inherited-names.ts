// Test support: names every JavaScript object inherits (Object.prototype's), and texts with such a
// name put in place of identifiers, each paired with the same text where a neutral name of the
// same length stands there instead. A front end that looks user names up in prototype-less tables
// treats the two alike: same verdict, same diagnostics at the same places. Only tests import this.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';

export const INHERITED_NAMES: readonly string[] = [
  'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf',
  '__defineGetter__', 'propertyIsEnumerable', 'toLocaleString', '__lookupSetter__',
];

/**
 * A name no front end knows, as long as `name` (so every later offset stays where it was), with
 * its underscores where `name` has them (`__proto__` -> `__Qqqqq__`): a reader that takes only
 * letters (a `Result:` word) treats both alike.
 */
export function neutralName(name: string): string {
  return name.replace(/[A-Za-z]/g, 'q').replace('q', 'Q');
}

/** Start and end of every identifier-like word in `text`. */
export function identifierSpans(text: string): readonly (readonly [number, number])[] {
  return [...text.matchAll(/(?<![\w$])[A-Za-z_]\w*/g)].map((m) => [m.index, m.index + m[0].length] as const);
}

/** `text` with the words at `spans` replaced by `name`, and the same with neutralName(name). */
export function withName(text: string, spans: readonly (readonly [number, number])[], name: string): { inherited: string; neutral: string } {
  const sorted = [...spans].sort((a, b) => b[0] - a[0]);
  const put = (n: string): string => sorted.reduce((t, [s, e]) => t.slice(0, s) + n + t.slice(e), text);
  return { inherited: put(name), neutral: put(neutralName(name)) };
}

/** `text` with every occurrence of the word `word` replaced by `name` (and the neutral twin). */
export function renamed(text: string, word: string, name: string): { inherited: string; neutral: string } {
  return withName(text, identifierSpans(text).filter(([s, e]) => text.slice(s, e) === word), name);
}

/** Diagnostics as a comparison sees them: the name masked, "did you mean" hints left out (they differ by spelling). */
export function masked(ds: readonly { span: { start: number; end: number }; message: string; expected?: string }[], name: string): string[] {
  const mask = (s: string | undefined): string => (s ?? '').split(name).join('#').split(neutralName(name)).join('#');
  return ds.map((d) => `${d.span.start}-${d.span.end} ${mask(d.message)} (${mask(d.expected)})`);
}

/**
 * The tests both front ends pass: an inherited name at every word of `template` (`placeNames` at
 * each), every word renamed everywhere, and several places at once at random; each against the
 * neutral twin. `outcome` is what a load of a text comes to, names masked.
 */
export function inheritedNameTests(template: string, outcome: (text: string, name: string) => string[], placeNames: readonly string[]): void {
  const spans = identifierSpans(template);
  test('the template loads', () => {
    assert.equal(outcome(template, 'constructor')[0], 'ok');
  });
  test('an inherited name in place of any one word loads as a neutral name there does', () => {
    for (const span of spans) {
      for (const name of placeNames) {
        const t = withName(template, [span], name);
        assert.deepEqual(outcome(t.inherited, name), outcome(t.neutral, name), `${name} at ${span[0]} ('${template.slice(...span)}')`);
      }
    }
  });
  test('renaming a word everywhere to an inherited name loads as renaming it to a neutral name does', () => {
    for (const word of new Set(spans.map(([s, e]) => template.slice(s, e)))) {
      for (const name of INHERITED_NAMES) {
        const t = renamed(template, word, name);
        assert.deepEqual(outcome(t.inherited, name), outcome(t.neutral, name), `${word} -> ${name}`);
      }
    }
  });
  test('inherited names at several random places at once load as neutral names there do (seed 16)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: spans.length - 1 }), { minLength: 1, maxLength: 6 }), fc.constantFrom(...INHERITED_NAMES), (picks, name) => {
      const t = withName(template, picks.map((i) => spans[i]!), name);
      assert.deepEqual(outcome(t.inherited, name), outcome(t.neutral, name));
    }), { seed: 16, numRuns: 150 });
  });
}
