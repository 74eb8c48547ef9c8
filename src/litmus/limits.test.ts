// Hostile litmus inputs: each is refused with one diagnostic at the place its bound is hit, the
// bounds the scenario language has (64 levels of nesting, 1000 tokens a statement, 32 CPUs,
// 0..16 firings, int32 literals); none overflows the stack or reaches the explorer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnosticLine } from '../report/diagnostics.js';
import { LineIndex } from '../common/span.js';
import { loadLitmus } from './load.js';

function litmus(body: string, cond = 'exists (x=1)', rest = ''): string {
  return `C hostile\n{}\nP0(int *x) {\n${body}\n}\n${rest}${cond}\n`;
}

/** The one error line `raceway check` prints for the text. */
function refusal(text: string): string {
  const r = loadLitmus('h.litmus', text);
  assert.equal(r.kind, 'error', JSON.stringify(r).slice(0, 200));
  if (r.kind !== 'error') return '';
  assert.equal(r.errors.length, 1);
  return diagnosticLine(r.errors[0]!, new LineIndex(text));
}

const NESTED = 'nested too deeply (expected at most 64 levels of blocks, parentheses, calls, casts and prefix operators)';

describe('bounds on C litmus input', () => {
  test('1000 nested parentheses in an expression stop at the 65th level (the body is the first)', () => {
    const text = litmus(`int r0; r0 = ${'('.repeat(1000)}1${')'.repeat(1000)};`);
    assert.equal(refusal(text), `h.litmus:4:${'int r0; r0 = '.length + 64}: error: ${NESTED}`);
  });

  test('2000 nested if (1) { ... } stop at the 65th level', () => {
    const text = litmus(`${'if (1) { '.repeat(2000)}WRITE_ONCE(*x, 1);${' }'.repeat(2000)}`);
    // The body is a level, then each `if` and each `{`: the 32nd `if`'s brace is the 65th.
    assert.equal(refusal(text), `h.litmus:4:${'if (1) { '.length * 31 + 'if (1) {'.length}: error: ${NESTED}`);
  });

  test('20,000 nested blocks stop at the 65th level, the 64th brace inside the body', () => {
    const text = litmus(`${'{'.repeat(20_000)}WRITE_ONCE(*x, 1);${'}'.repeat(20_000)}`);
    assert.equal(refusal(text), `h.litmus:4:64: error: ${NESTED}`);
  });

  test('2000 nested parentheses in exists (...) stop at the 65th', () => {
    const text = litmus('WRITE_ONCE(*x, 1);', `exists ${'('.repeat(2000)}x=1${')'.repeat(2000)}`);
    assert.equal(refusal(text), `h.litmus:6:${'exists '.length + 65}: error: ${NESTED}`);
  });

  test('50,000 negations in the condition stop at the 65th', () => {
    const text = litmus('WRITE_ONCE(*x, 1);', `exists (${'~'.repeat(50_000)}x=1)`);
    // The parenthesis is the first level.
    assert.equal(refusal(text), `h.litmus:6:${'exists ('.length + 64}: error: ${NESTED}`);
  });

  test('a chain of 20,000 additions is one statement too long, as in the scenario language', () => {
    const text = litmus(`int r0; r0 = ${Array(20_000).fill('1').join(' + ')};`);
    assert.match(refusal(text), /^h\.litmus:4:\d+: error: statement too long; split it: at most 1000 tokens fit in one statement or condition$/);
  });

  test('a long chain of /\\ in the condition is too long, and so is one of =>', () => {
    assert.match(refusal(litmus('WRITE_ONCE(*x, 1);', `exists (${Array(5000).fill('x=1').join(' /\\ ')})`)), /error: statement too long/);
    assert.match(refusal(litmus('WRITE_ONCE(*x, 1);', `exists (${Array(5000).fill('x=1').join(' => ')})`)), /error: (statement too long|nested too deeply)/);
  });

  test('more than 32 processes is an error at P32, before anything runs', () => {
    const procs = Array.from({ length: 100 }, (_, i) => `P${i}(int *x) { WRITE_ONCE(*x, ${i}); }\n`).join('');
    const text = `C many\n{}\n${procs}exists (x=1)\n`;
    assert.equal(refusal(text), 'h.litmus:35:1: error: more than 32 processes (expected P0 to P31: the machine has 32 CPUs)');
  });

  test('32 processes are accepted', () => {
    const procs = Array.from({ length: 32 }, (_, i) => `P${i}(int *x) { WRITE_ONCE(*x, ${i}); }\n`).join('');
    assert.equal(loadLitmus('h.litmus', `C many\n{}\n${procs}exists (x=1)\n`).kind, 'ok');
  });

  test("an interrupt's max is checked as the scenario language checks it (0 to 16)", () => {
    const block = (max: string) => `(*raceway\nirq t(int *x) on 0 max ${max} { WRITE_ONCE(*x, 2); }\n*)\n`;
    assert.equal(refusal(litmus('WRITE_ONCE(*x, 1);', 'exists (x=1)', block('1000000000'))), "h.litmus:7:24: error: 'max' must be a whole number from 0 to 16 (expected an integer in 0..16)");
    assert.equal(loadLitmus('h.litmus', litmus('WRITE_ONCE(*x, 1);', 'exists (x=1)', block('16'))).kind, 'ok');
  });

  test('integer literals outside int32 are errors, in the init block, a body and the condition', () => {
    const range = 'does not fit in 32 bits (expected an integer from -2147483648 to 2147483647)';
    assert.equal(refusal('C big\n{ int y = 99999999999999; }\nP0(int *y) { WRITE_ONCE(*y, 1); }\nexists (y=1)\n'), `h.litmus:2:11: error: integer literal 99999999999999 ${range}`);
    assert.equal(refusal(litmus('WRITE_ONCE(*x, 2147483648);')), `h.litmus:4:16: error: integer literal 2147483648 ${range}`);
    assert.equal(refusal(litmus('WRITE_ONCE(*x, 1);', 'exists (x=-2147483649)')), `h.litmus:6:12: error: integer literal -2147483649 ${range}`);
    // The ends of the range are fine.
    assert.equal(loadLitmus('h.litmus', litmus('WRITE_ONCE(*x, -2147483648);', 'exists (x=-2147483648 \\/ x=2147483647)')).kind, 'ok');
  });
});
