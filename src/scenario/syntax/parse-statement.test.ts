// Tests for the statement, expression, for-header and signature parsers: forms, precedence,
// absolute offsets, every diagnostic, and fuzzing that no input string makes them throw.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic, Result } from '../../common/diagnostic.js';
import type { ExprAst } from './ast.js';
import { BINARY_PRECEDENCE } from './parse-expression.js';
import { parseExpression, parseForHeader, parseSignature, parseStatement } from './parse-statement.js';
import { printExpression } from './print-expression.js';

const FILE = 'f.yaml';

function value<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(`expected success, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

function error<T>(r: Result<T>): Diagnostic {
  if (r.ok) assert.fail(`expected an error, got ${JSON.stringify(r.value)}`);
  assert.equal(r.errors.length, 1);
  const d = r.errors[0];
  assert.ok(d !== undefined);
  return d;
}

/** The tree without offsets, as nested arrays, so shapes compare and print compactly. */
function shape(e: ExprAst): unknown {
  switch (e.k) {
    case 'num': return e.value;
    case 'name': return e.name;
    case 'field': return ['->', shape(e.obj), e.field];
    case 'index': return ['[]', shape(e.arr), shape(e.index)];
    case 'deref': return ['*', shape(e.ptr)];
    case 'addr': return ['&', shape(e.of)];
    case 'unary': return [e.op, shape(e.arg)];
    case 'binary': return [e.op, shape(e.left), shape(e.right)];
    case 'call': return ['call', e.callee, ...e.args.map(shape)];
  }
}

const exprShape = (text: string): unknown => shape(value(parseExpression(text, 0, FILE)));

function children(e: ExprAst): ExprAst[] {
  switch (e.k) {
    case 'field': return [e.obj];
    case 'index': return [e.arr, e.index];
    case 'deref': return [e.ptr];
    case 'addr': return [e.of];
    case 'unary': return [e.arg];
    case 'binary': return [e.left, e.right];
    case 'call': return [...e.args];
    default: return [];
  }
}

describe('parseStatement', () => {
  test('an assignment to a name keeps target, value and the span of the whole line', () => {
    const s = value(parseStatement('x = 1', 10, FILE));
    assert.equal(s.k, 'assign');
    if (s.k !== 'assign') return;
    assert.deepEqual(s.target, { k: 'name', name: 'x', start: 10, end: 11 });
    assert.deepEqual(s.value, { k: 'num', value: 1, start: 14, end: 15 });
    assert.deepEqual([s.start, s.end], [10, 15]);
  });

  test('fields (-> and .), indexes (one and two dimensional) and dereferences can be assigned', () => {
    const targets: [string, unknown][] = [
      ['p->next', ['->', 'p', 'next']],
      ['p.next', ['->', 'p', 'next']],
      ['a[i]', ['[]', 'a', 'i']],
      ['a[i][j + 1]', ['[]', ['[]', 'a', 'i'], ['+', 'j', 1]]],
      ['*p', ['*', 'p']],
      ['*p->q', ['*', ['->', 'p', 'q']]],
      ['(x)', 'x'],
    ];
    for (const [target, want] of targets) {
      const s = value(parseStatement(`${target} = READ_ONCE(y)`, 0, FILE));
      assert.equal(s.k, 'assign', target);
      if (s.k === 'assign') {
        assert.deepEqual(shape(s.target), want, target);
        assert.deepEqual(shape(s.value), ['call', 'READ_ONCE', 'y']);
      }
    }
  });

  test('a call is a statement, with or without arguments', () => {
    for (const [text, want] of [
      ['smp_mb()', ['call', 'smp_mb']],
      ['WRITE_ONCE(x, 1)', ['call', 'WRITE_ONCE', 'x', 1]],
      ['foo(a, b->c, *d)', ['call', 'foo', 'a', ['->', 'b', 'c'], ['*', 'd']]],
    ] as const) {
      const s = value(parseStatement(text, 0, FILE));
      assert.equal(s.k, 'expr');
      if (s.k === 'expr') assert.deepEqual(shape(s.expr), want);
    }
  });

  test('return with and without a value, break and continue are statements', () => {
    assert.deepEqual(value(parseStatement('return', 5, FILE)), { k: 'return', value: null, start: 5, end: 11 });
    const r = value(parseStatement('return x && y', 0, FILE));
    assert.ok(r.k === 'return' && r.value !== null);
    assert.deepEqual(shape(r.value), ['&&', 'x', 'y']);
    assert.deepEqual([r.start, r.end], [0, 13]);
    assert.deepEqual(value(parseStatement('  break ', 0, FILE)), { k: 'break', start: 2, end: 7 });
    assert.deepEqual(value(parseStatement('continue', 0, FILE)), { k: 'continue', start: 0, end: 8 });
  });

  test('a final semicolon is ignored, with or without spaces around it', () => {
    for (const text of ['smp_mb();', 'smp_mb() ; ', 'x = 1;', 'return;', 'break;']) {
      assert.ok(parseStatement(text, 0, FILE).ok, text);
    }
  });

  test('a semicolon in the middle of a line is an error at the semicolon', () => {
    const d = error(parseStatement('x = 1; y = 2', 0, FILE));
    assert.equal(d.message, "unexpected ';'");
    assert.deepEqual([d.span.start, d.span.end], [5, 6]);
  });

  test('a diagnostic points at the offending token by absolute offset', () => {
    const d = error(parseStatement('x = READ_ONCE(k->)', 100, FILE));
    assert.deepEqual(d, {
      span: { file: FILE, start: 117, end: 118 },
      message: "unexpected ')'",
      expected: 'a field name',
    });
  });

  test('an expression statement that is not a call is rejected over its whole span', () => {
    for (const text of ['x', 'x + 1', 'READ_ONCE(x) + 1', '*p', '-f(x)', 'x == 1']) {
      const d = error(parseStatement(`  ${text}`, 0, FILE));
      assert.deepEqual([d.message, d.expected], ['an expression alone is not a statement', 'a call, an assignment, return, break or continue'], text);
      assert.deepEqual([d.span.start, d.span.end], [2, 2 + text.length], text);
    }
    assert.equal(error(parseStatement('x == 1', 0, FILE)).hint, "did you mean '=' (assignment)?");
  });

  test('assigning to anything but a name, field, index or dereference is an error at the target', () => {
    for (const target of ['1', 'f(x)', '&x', '-x', 'a + b', '!x']) {
      const d = error(parseStatement(`${target} = 2`, 50, FILE));
      assert.match(d.message, /^cannot assign to /, target);
      assert.deepEqual([d.span.start, d.span.end], [50, 50 + target.length], target);
      assert.equal(d.expected, 'a name, a field (p->f), an element (a[i]) or a dereference (*p)');
    }
  });

  test('chained assignments are rejected at the second =', () => {
    const d = error(parseStatement('a = b = c', 0, FILE));
    assert.equal(d.message, "unexpected '='");
    assert.equal(d.span.start, 6);
  });

  test('empty and blank statements report an unexpected end of statement', () => {
    for (const text of ['', '   ', '\t', ';']) {
      const d = error(parseStatement(text, 3, FILE));
      assert.equal(d.message, 'unexpected end of statement', JSON.stringify(text));
      assert.equal(d.expected, 'a call, an assignment, return, break or continue');
    }
  });

  test('a missing operand is an unexpected end of statement just after the last token', () => {
    const d = error(parseStatement('x = a +   ', 0, FILE));
    assert.deepEqual([d.message, d.expected, d.span.start, d.span.end], ['unexpected end of statement', 'an expression', 7, 7]);
  });

  test('break and continue take nothing after them', () => {
    const d = error(parseStatement('break 2', 0, FILE));
    assert.deepEqual([d.message, d.expected, d.span.start], ["unexpected '2'", 'end of statement', 6]);
    assert.equal(error(parseStatement('continue()', 0, FILE)).message, "unexpected '('");
  });

  test('keywords cannot be used as values', () => {
    const d = error(parseStatement('x = return', 0, FILE));
    assert.deepEqual([d.message, d.span.start, d.span.end], ["unexpected keyword 'return'", 4, 10]);
    assert.equal(error(parseStatement('if (x) y = 1', 0, FILE)).message, "unexpected keyword 'if'");
  });

  test('call arguments must be separated by commas and may not end with one', () => {
    const d1 = error(parseStatement('foo(a b)', 0, FILE));
    assert.deepEqual([d1.message, d1.expected, d1.span.start], ["unexpected 'b'", "',' or ')'", 6]);
    const d2 = error(parseStatement('foo(a,)', 0, FILE));
    assert.deepEqual([d2.message, d2.expected, d2.span.start], ["unexpected ')'", 'an expression', 6]);
    const d3 = error(parseStatement('foo(a', 0, FILE));
    assert.deepEqual([d3.message, d3.expected], ['unexpected end of statement', "',' or ')'"]);
  });

  test('only a plain name can be called', () => {
    for (const [text, at] of [['(f)(x)', 3], ['p->f(x)', 4], ['a[0](x)', 4]] as const) {
      const d = error(parseStatement(text, 0, FILE));
      assert.equal(d.message, "unexpected '('", text);
      assert.equal(d.span.start, at, text);
      assert.match(d.hint ?? '', /plain function name/);
    }
  });

  test('C increments and compound assignments get a hint', () => {
    assert.match(error(parseStatement('i++', 0, FILE)).hint ?? '', /'\+\+' is not supported/);
    assert.match(error(parseStatement('++i', 0, FILE)).hint ?? '', /'\+\+' is not supported/);
    assert.match(error(parseStatement('i--', 0, FILE)).hint ?? '', /'--' is not supported/);
    assert.match(error(parseStatement('--i', 0, FILE)).hint ?? '', /'--' is not supported/);
    assert.match(error(parseStatement('x += 2', 0, FILE)).hint ?? '', /compound assignment '\+=' is not supported/);
    assert.match(error(parseStatement('x <<= 2', 0, FILE)).hint ?? '', /compound assignment '<<=' is not supported/);
  });

  test('unknown characters are reported with the character, control characters and unicode by code point', () => {
    const cases: [string, string, number, number][] = [
      ['x = $y', "unexpected character '$'", 4, 5],
      ['x = {', "unexpected character '{'", 4, 5],
      ['x = "s"', `unexpected character '"'`, 4, 5],
      ['x = a\u0007', 'unexpected character U+0007', 5, 6],
      ['x = \u00e9', "unexpected character 'é' (U+00E9)", 4, 5],
      ['x = \u{1F600}', "unexpected character '\u{1F600}' (U+1F600)", 4, 6],
      ['x = \u00a0', 'unexpected character U+00A0', 4, 5],
      ['x = \ud800', 'unexpected character U+D800', 4, 5],
    ];
    for (const [text, message, start, end] of cases) {
      const d = error(parseStatement(text, 0, FILE));
      assert.deepEqual([d.message, d.span.start, d.span.end], [message, start, end], JSON.stringify(text));
    }
  });

  test('the earliest mistake in the line is reported, even when a later one is lexical', () => {
    const d = error(parseStatement('x = ) $', 0, FILE));
    assert.deepEqual([d.message, d.span.start], ["unexpected ')'", 4]);
  });

  test('a statement of more than 1000 tokens is rejected instead of building a tree too tall for later passes', () => {
    const d = error(parseStatement(`x = ${'a + '.repeat(600)}a`, 0, FILE));
    assert.equal(d.message, 'statement too long');
  });
});

describe('integer literals', () => {
  test('decimal and hexadecimal literals up to 2^32-1 are accepted', () => {
    assert.equal(exprShape('0'), 0);
    assert.equal(exprShape('42'), 42);
    assert.equal(exprShape('0x1F'), 31);
    assert.equal(exprShape('0Xff'), 255);
    assert.equal(exprShape('4294967295'), 4294967295);
    assert.equal(exprShape('0xffffffff'), 4294967295);
  });

  test('negative numbers are unary minus applied to a literal', () => {
    assert.deepEqual(exprShape('-1'), ['-', 1]);
    assert.deepEqual(exprShape('-2147483648'), ['-', 2147483648]);
  });

  test('literals above 2^32-1 are out of range, pointing at the literal', () => {
    for (const lit of ['4294967296', '0x100000000', '99999999999999999999999999']) {
      const d = error(parseExpression(`x + ${lit}`, 10, FILE));
      assert.equal(d.message, 'integer literal out of range', lit);
      assert.deepEqual([d.span.start, d.span.end], [14, 14 + lit.length]);
    }
  });

  test('suffixes, bare 0x and leading zeros are malformed literals', () => {
    const ul = error(parseExpression('1UL << 3', 0, FILE));
    assert.equal(ul.message, "malformed integer literal '1UL'");
    assert.match(ul.hint ?? '', /drop the suffix 'UL'/);
    assert.equal(error(parseExpression('0x', 0, FILE)).message, "malformed integer literal '0x'");
    assert.equal(error(parseExpression('12ab', 0, FILE)).message, "malformed integer literal '12ab'");
    assert.equal(error(parseExpression('010', 0, FILE)).message, "integer literal '010' has a leading zero");
  });
});

describe('parseExpression', () => {
  test('binary operators follow C precedence', () => {
    assert.deepEqual(exprShape('a + b * c == d && e'), ['&&', ['==', ['+', 'a', ['*', 'b', 'c']], 'd'], 'e']);
    assert.deepEqual(exprShape('a || b && c | d ^ e & f'), ['||', 'a', ['&&', 'b', ['|', 'c', ['^', 'd', ['&', 'e', 'f']]]]]);
    assert.deepEqual(exprShape('a == b < c'), ['==', 'a', ['<', 'b', 'c']]);
    assert.deepEqual(exprShape('a < b << c'), ['<', 'a', ['<<', 'b', 'c']]);
    assert.deepEqual(exprShape('a << b + c'), ['<<', 'a', ['+', 'b', 'c']]);
    assert.deepEqual(exprShape('a - b % c'), ['-', 'a', ['%', 'b', 'c']]);
  });

  test('binary operators of equal precedence associate to the left', () => {
    assert.deepEqual(exprShape('a - b - c'), ['-', ['-', 'a', 'b'], 'c']);
    assert.deepEqual(exprShape('a / b * c'), ['*', ['/', 'a', 'b'], 'c']);
    assert.deepEqual(exprShape('a != b == c'), ['==', ['!=', 'a', 'b'], 'c']);
  });

  test('parentheses override precedence', () => {
    assert.deepEqual(exprShape('(a + b) * c'), ['*', ['+', 'a', 'b'], 'c']);
    assert.deepEqual(exprShape('a - (b - c)'), ['-', 'a', ['-', 'b', 'c']]);
  });

  test('prefix operators bind tighter than binary ones and looser than postfix ones', () => {
    assert.deepEqual(exprShape('!a && ~b'), ['&&', ['!', 'a'], ['~', 'b']]);
    assert.deepEqual(exprShape('-a * b'), ['*', ['-', 'a'], 'b']);
    assert.deepEqual(exprShape('*p->next'), ['*', ['->', 'p', 'next']]);
    assert.deepEqual(exprShape('&a[i].lock'), ['&', ['->', ['[]', 'a', 'i'], 'lock']]);
    assert.deepEqual(exprShape('**pp'), ['*', ['*', 'pp']]);
    assert.deepEqual(exprShape('a & &b'), ['&', 'a', ['&', 'b']]);
    assert.deepEqual(exprShape('a * *b'), ['*', 'a', ['*', 'b']]);
  });

  test('postfix operators chain, including after a call', () => {
    assert.deepEqual(exprShape('READ_ONCE(head)->next->key'), ['->', ['->', ['call', 'READ_ONCE', 'head'], 'next'], 'key']);
    assert.deepEqual(exprShape('per_cpu[c][0]'), ['[]', ['[]', 'per_cpu', 'c'], 0]);
  });

  test('nodes carry absolute offsets covering their sub-expression, including parentheses', () => {
    const e = value(parseExpression('(a + b) * f(c)->d', 1000, FILE));
    assert.ok(e.k === 'binary');
    assert.deepEqual([e.start, e.end], [1000, 1017]);
    assert.deepEqual([e.left.start, e.left.end], [1000, 1007]);
    assert.ok(e.right.k === 'field');
    assert.deepEqual([e.right.start, e.right.end, e.right.fieldStart], [1010, 1017, 1016]);
    assert.ok(e.right.obj.k === 'call');
    assert.deepEqual([e.right.obj.start, e.right.obj.end, e.right.obj.calleeEnd], [1010, 1014, 1011]);
  });

  test('a condition followed by junk is an error at the junk', () => {
    const d = error(parseExpression('k == key key', 0, FILE));
    assert.deepEqual([d.message, d.expected, d.span.start], ["unexpected 'key'", 'an operator or end of statement', 9]);
  });

  test('an unclosed parenthesis or bracket says what closes it', () => {
    assert.equal(error(parseExpression('(a + b', 0, FILE)).expected, "')'");
    assert.equal(error(parseExpression('a[i', 0, FILE)).expected, "']'");
    assert.equal(error(parseExpression('a)', 0, FILE)).message, "unexpected ')'");
  });

  test('a range is not an expression', () => {
    assert.equal(error(parseExpression('0..2', 0, FILE)).message, "unexpected '..'");
  });

  test('64 levels of nesting are accepted and the 65th is a clear error', () => {
    assert.equal(exprShape(`${'('.repeat(64)}x${')'.repeat(64)}`), 'x');
    const d = error(parseExpression(`${'('.repeat(65)}x${')'.repeat(65)}`, 0, FILE));
    assert.deepEqual([d.message, d.span.start], ['expression nested too deeply', 64]);
    assert.equal(error(parseExpression(`${'-'.repeat(65)}x`, 0, FILE)).message, 'expression nested too deeply');
    assert.equal(error(parseExpression(`${'f('.repeat(65)}x${')'.repeat(65)}`, 0, FILE)).message, 'expression nested too deeply');
    assert.equal(error(parseExpression(`a${'[a'.repeat(65)}${']'.repeat(65)}`, 0, FILE)).message, 'expression nested too deeply');
  });

  test('very deep or very long input returns an error instead of overflowing the stack', () => {
    for (const text of ['('.repeat(100_000), '!'.repeat(100_000), '-('.repeat(50_000), 'x+'.repeat(100_000), 'a'.repeat(1_000_000)]) {
      const r = parseExpression(text, 0, FILE);
      assert.equal(typeof r.ok, 'boolean');
    }
    assert.equal(error(parseExpression('('.repeat(100_000), 0, FILE)).message, 'expression nested too deeply');
  });

  test('long names are shortened in messages', () => {
    const d = error(parseExpression(`a ${'b'.repeat(500)}`, 0, FILE));
    assert.ok(d.message.length < 60, d.message);
    assert.equal(d.span.end - d.span.start, 500);
  });
});

describe('parseForHeader', () => {
  test('a list walk keeps its head expression and link field', () => {
    const h = value(parseForHeader('k in list(bucket->first, next)', 20, FILE));
    assert.deepEqual([h.variable, h.variableStart, h.start, h.end], ['k', 20, 20, 50]);
    assert.ok(h.iter.k === 'list');
    assert.deepEqual(shape(h.iter.head), ['->', 'bucket', 'first']);
    assert.deepEqual([h.iter.field, h.iter.fieldStart, h.iter.start, h.iter.end], ['next', 45, 25, 50]);
  });

  test('the leading for keyword is optional', () => {
    const with_ = value(parseForHeader('for c in cpus', 0, FILE));
    const without = value(parseForHeader('c in cpus', 4, FILE));
    assert.deepEqual(with_.iter, { k: 'cpus', start: 9, end: 13 });
    assert.deepEqual(without.iter, { k: 'cpus', start: 9, end: 13 });
    assert.deepEqual([with_.start, with_.variableStart, without.start, without.variableStart], [0, 4, 4, 4]);
  });

  test('a range has expression bounds', () => {
    const h = value(parseForHeader('for l in 0..NR - 1', 0, FILE));
    assert.ok(h.iter.k === 'range');
    assert.deepEqual([shape(h.iter.from), shape(h.iter.to)], [0, ['-', 'NR', 1]]);
    assert.deepEqual([h.iter.start, h.iter.end], [9, 18]);
    const tight = value(parseForHeader('l in 0..2', 0, FILE));
    assert.ok(tight.iter.k === 'range');
    assert.deepEqual([shape(tight.iter.from), shape(tight.iter.to)], [0, 2]);
  });

  test('a name other than cpus is an unfinished range', () => {
    const d = error(parseForHeader('c in NR', 0, FILE));
    assert.deepEqual([d.message, d.expected, d.span.start], ['unexpected end of statement', "'..'", 7]);
    assert.match(d.hint ?? '', /list\(HEAD, FIELD\)/);
  });

  test("a misspelt 'cpus' or 'list' is named, with the word it was meant to be", () => {
    const cpu = error(parseForHeader('for c in cpu', 0, FILE));
    assert.deepEqual([cpu.message, cpu.span.start, cpu.span.end, cpu.hint], ["'cpu' is not something a for loop walks", 9, 12, "did you mean 'cpus'?"]);
    const lsit = error(parseForHeader('k in lsit(bucket->first, next)', 0, FILE));
    assert.deepEqual([lsit.message, lsit.span.start, lsit.hint], ["'lsit' is not something a for loop walks", 5, "did you mean 'list'?"]);
  });

  test('C for loops, a missing in and a malformed list are errors at the right token', () => {
    const c = error(parseForHeader('for (i = 0; i < n; i++)', 0, FILE));
    assert.deepEqual([c.message, c.expected, c.span.start], ["unexpected '('", 'a loop variable name', 4]);
    const noIn = error(parseForHeader('for c cpus', 0, FILE));
    assert.deepEqual([noIn.message, noIn.expected], ["unexpected 'cpus'", "'in'"]);
    const arrow = error(parseForHeader('k in list(h, ->next)', 0, FILE));
    assert.deepEqual([arrow.message, arrow.expected, arrow.span.start], ["unexpected '->'", 'a field name', 13]);
    assert.equal(error(parseForHeader('k in list(h)', 0, FILE)).expected, "','");
    assert.equal(error(parseForHeader('c in cpus x', 0, FILE)).message, "unexpected 'x'");
    assert.equal(error(parseForHeader('', 0, FILE)).expected, 'a loop variable name');
  });
});

describe('parseSignature', () => {
  test('a signature lists its parameter names with offsets', () => {
    assert.deepEqual(value(parseSignature('reader_enter()', 0, FILE)), {
      name: 'reader_enter', nameEnd: 12, params: [], start: 0, end: 14,
    });
    assert.deepEqual(value(parseSignature(' writer_wait(head, key)', 10, FILE)), {
      name: 'writer_wait',
      nameEnd: 22,
      params: [{ name: 'head', start: 23, end: 27 }, { name: 'key', start: 29, end: 32 }],
      start: 11,
      end: 33,
    });
    assert.equal(value(parseSignature('is_dynamic_key(key)', 0, FILE)).params.length, 1);
  });

  test('malformed signatures point at the offending token', () => {
    const cases: [string, string, string | undefined, number][] = [
      ['f', 'unexpected end of statement', "'('", 1],
      ['f(a,)', "unexpected ')'", 'a parameter name', 4],
      ['f(a b)', "unexpected 'b'", "',' or ')'", 4],
      ['f(1)', "unexpected '1'", 'a parameter name', 2],
      ['f(a) x', "unexpected 'x'", 'end of statement', 5],
      ['return()', "unexpected keyword 'return'", 'a procedure name', 0],
      ['f(a, a)', "duplicate parameter 'a'", 'each parameter named once', 5],
    ];
    for (const [text, message, expected, at] of cases) {
      const d = error(parseSignature(text, 0, FILE));
      assert.deepEqual([d.message, d.expected, d.span.start], [message, expected, at], text);
    }
    assert.match(error(parseSignature('f(int x)', 0, FILE)).hint ?? '', /no types/);
  });
});

describe('every error says what was expected', () => {
  test('lexical errors, nesting and statement forms each carry an expected', () => {
    const texts = ['x = @y', 'x = 1;;', 'x = 010', 'x = 99999999999', 'x + 1', `x = ${'('.repeat(100)}1${')'.repeat(100)}`, `f(${'a, '.repeat(600)}a)`];
    for (const t of texts) {
      const d = error(parseStatement(t, 0, FILE));
      assert.ok(d.expected, `${t.slice(0, 20)}: ${d.message}`);
    }
    assert.equal(error(parseStatement('x = @y', 0, FILE)).expected, 'a name, a number or a C operator');
  });
});

describe('properties', () => {
  const TOKENS = [
    '(', ')', '[', ']', ',', '->', '.', '*', '&', '!', '~', '-', '+', '/', '%', '^', '|', '<<', '>>',
    '==', '!=', '<', '<=', '>', '>=', '&&', '||', '=', '..', ';', ' ', 'x', 'p', 'next', 'f', '0', '7',
    '0x1f', '4294967296', 'return', 'break', 'continue', 'for', 'in', 'list', 'cpus', '$', '\u00e9', '\n',
  ];
  const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((a) => a.join(''));
  const spacedSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((a) => a.join(' '));
  const anyText = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), tokenSoup, spacedSoup);

  const parsers = [parseStatement, parseExpression, parseForHeader, parseSignature] as const;

  test('no parser throws, and every error has one diagnostic inside the text (seed 42, 2000 runs)', () => {
    fc.assert(
      fc.property(anyText, fc.nat({ max: 1_000_000 }), (text, base) => {
        for (const parse of parsers) {
          const r = parse(text, base, FILE);
          if (r.ok) continue;
          assert.equal(r.errors.length, 1);
          const d = r.errors[0];
          assert.ok(d !== undefined && d.span.file === FILE);
          assert.ok(base <= d.span.start && d.span.start <= d.span.end && d.span.end <= base + text.length);
          assert.ok(d.message.length > 0);
        }
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  const NAMES = ['a', 'b', 'p', 'key', 'next', 'NULL', 'this_cpu', 'in', 'list', 'cpus', '_x1'];
  const exprArb = fc.letrec<{ expr: ExprAst }>((tie) => {
    const at = { start: 0, end: 0 };
    return {
      expr: fc.oneof(
        { maxDepth: 6, depthSize: 'small' },
        fc.oneof(
          fc.integer({ min: 0, max: 0xffffffff }).map((v): ExprAst => ({ k: 'num', value: v, ...at })),
          fc.constantFrom(...NAMES).map((name): ExprAst => ({ k: 'name', name, ...at })),
        ),
        fc.tuple(tie('expr'), fc.constantFrom(...NAMES)).map(([obj, field]): ExprAst => ({ k: 'field', obj, field, fieldStart: 0, ...at })),
        fc.tuple(tie('expr'), tie('expr')).map(([arr, index]): ExprAst => ({ k: 'index', arr, index, ...at })),
        tie('expr').map((ptr): ExprAst => ({ k: 'deref', ptr, ...at })),
        tie('expr').map((of): ExprAst => ({ k: 'addr', of, ...at })),
        fc.tuple(fc.constantFrom('!', '-', '~') , tie('expr')).map(([op, arg]): ExprAst => ({ k: 'unary', op, arg, ...at })),
        fc.tuple(fc.constantFrom(...(Object.keys(BINARY_PRECEDENCE) as (keyof typeof BINARY_PRECEDENCE)[])), tie('expr'), tie('expr'))
          .map(([op, left, right]): ExprAst => ({ k: 'binary', op, left, right, ...at })),
        fc.tuple(fc.constantFrom('READ_ONCE', 'cmpxchg', 'f'), fc.array(tie('expr'), { maxLength: 3 }))
          .map(([callee, args]): ExprAst => ({ k: 'call', callee, calleeEnd: 0, args, ...at })),
      ),
    };
  }).expr;

  test('parsing a printed expression gives back the same tree (seed 42, 2000 runs)', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const text = printExpression(e);
        assert.deepEqual(exprShape(text), shape(e), text);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  test('every node span covers exactly the text of that sub-expression (seed 42, 1000 runs)', () => {
    const base = 500;
    fc.assert(
      fc.property(exprArb, (e) => {
        const text = printExpression(e);
        const stack = [value(parseExpression(text, base, FILE))];
        for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
          const slice = text.slice(n.start - base, n.end - base);
          assert.deepEqual(exprShape(slice), shape(n), `${slice} in ${text}`);
          if (n.k === 'field') assert.ok(text.startsWith(n.field, n.fieldStart - base));
          if (n.k === 'call') assert.equal(text.slice(n.start - base, n.calleeEnd - base), n.callee);
          stack.push(...children(n));
        }
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});
