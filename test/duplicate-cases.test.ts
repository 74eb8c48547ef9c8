// No switch in src/ names the same case label twice. TypeScript accepts it and the second clause is
// dead code, which a merge can make silently (two branches each adding the same case): the one
// that runs is the first, whichever the merge meant. Parsed with the compiler API, not by regex,
// so that a label is compared as a value ('a' and "a" are one) and nested switches stay apart.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../src/testing/repo-root.js';

const src = join(repoRoot, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? tsFiles(f) : f.endsWith('.ts') ? [f] : [];
  });
}

/** A case label as a value where it is a literal, else as its text without spaces. */
function labelKey(e: ts.Expression, sf: ts.SourceFile): string {
  if (ts.isStringLiteralLike(e)) return `string ${JSON.stringify(e.text)}`;
  if (ts.isNumericLiteral(e)) return `number ${Number(e.text)}`;
  return `expression ${e.getText(sf).replace(/\s+/g, '')}`;
}

/** Each label that a switch of `text` names a second time: "file:line: case LABEL (first at line N)". */
export function duplicateCases(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  const lineOf = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n: ts.Node): void => {
    if (ts.isSwitchStatement(n)) {
      const seen = new Map<string, number>();
      for (const clause of n.caseBlock.clauses) {
        if (!ts.isCaseClause(clause)) continue;
        const key = labelKey(clause.expression, sf);
        const first = seen.get(key);
        if (first !== undefined) out.push(`${file}:${lineOf(clause)}: case ${clause.expression.getText(sf)} (first at line ${first})`);
        else seen.set(key, lineOf(clause));
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

test('the scan finds a case label named twice, as a value, and keeps nested switches apart', () => {
  const text = [
    'switch (k) {',
    "  case 'a': return 1;",
    '  case 2: switch (j) { case 2: return 3; }',
    '  case "a": return 4;',
    '  case 0x2: return 5;',
    '}',
  ].join('\n');
  assert.deepEqual(duplicateCases('x.ts', text), ['x.ts:4: case "a" (first at line 2)', 'x.ts:5: case 0x2 (first at line 3)']);
});

test('no switch in src/ names the same case label twice', () => {
  const found = tsFiles(src).flatMap((f) => duplicateCases(relative(repoRoot, f), readFileSync(f, 'utf8')));
  assert.deepEqual(found, [], `a case named twice never runs its second clause:\n${found.join('\n')}`);
});
