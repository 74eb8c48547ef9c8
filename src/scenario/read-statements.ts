// Statement lists: a string is one statement line; a mapping is a compound statement
// (`if COND:` with an optional `else:`, `while COND:` with `bound:`, `do:` with `while: COND` and
// `bound:`, `for V in ITER:`, `label:`).
import { isMap, isScalar, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { StatementNode } from './ast.js';
import { parseExpression, parseForHeader, parseStatement } from './syntax/parse-statement.js';
import { shown, type YamlReader } from './yaml-reader.js';
import type { Result } from '../common/diagnostic.js';
import { suggest } from '../common/suggest.js';
import { shifted } from './syntax/text-source.js';

const COMPOUND_KEYWORDS = ['if', 'while', 'do', 'for', 'label'];
const COMPOUND = "a statement line, or a mapping with 'if COND', 'while COND' (and 'bound'), 'do' (and 'while', 'bound'), 'for V in ITER' or 'label'";

export function readStatements(r: YamlReader, node: unknown, what: string): StatementNode[] {
  const out: StatementNode[] = [];
  for (const item of r.seq(node, what)) {
    const s = readStatement(r, item);
    if (s) out.push(s);
  }
  return out;
}

/** A whole body (a procedure, a program, a handler): its mistakes poison only the rest of it. */
export function readBody(r: YamlReader, node: unknown, what: string): StatementNode[] {
  return r.body(node, () => readStatements(r, node, what));
}

function take<T>(r: YamlReader, res: Result<T>): T | null {
  if (res.ok) return res.value;
  r.errors.push(...res.errors);
  return null;
}

function readStatement(r: YamlReader, item: Node): StatementNode | null {
  if (isScalar(item)) {
    const sc = item as Scalar;
    if (typeof sc.value !== 'string') {
      r.error(r.span(item), `expected a statement, found ${JSON.stringify(sc.value)}`, COMPOUND);
      return null;
    }
    const text = sc.value;
    const stmt = take(r, parseStatement(text, r.source(sc), r.file));
    return stmt ? { k: 'simple', stmt, text: text.trim(), span: r.span(item) } : null;
  }
  if (!isMap(item)) {
    r.error(r.span(item), 'expected a statement', COMPOUND);
    return null;
  }
  const pairs = (item as YAMLMap<Node, Node>).items;
  const head = pairs[0];
  if (!head) {
    r.error(r.span(item), 'an empty mapping is not a statement', COMPOUND);
    return null;
  }
  const key = r.keyText(head);
  if (key === null) return null;
  const keyNode = head.key as Scalar;
  const base = r.source(keyNode);
  const span = r.span(item);
  const extra = new Map<string, Pair<Node, Node>>();
  for (const p of pairs.slice(1)) {
    const k = r.keyText(p);
    if (k !== null) extra.set(k, p);
  }
  const allowOnly = (allowed: string[], what: string): void => {
    for (const [k, p] of extra) {
      if (!allowed.includes(k)) r.error(r.span(p.key), `unknown key ${shown(k)} in ${what}`, allowed.length ? allowed.map((a) => `'${a}'`).join(' or ') : 'nothing else');
    }
  };

  if (key === 'label') {
    allowOnly([], 'a label');
    const name = r.string(head.value, 'a label', "a label's name, e.g. 'label: walk'");
    if (name !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) r.error(r.span(head.value), `${shown(name)} is not a label name`, 'an identifier');
    return name === null ? null : { k: 'label', name, span: r.span(head.value) };
  }
  if (key === 'do') return readDo(r, head, extra, span, allowOnly);
  const m = /^(if|while|for)(\s+|\()/.exec(key);
  if (!m) {
    r.error(r.span(head.key), `${shown(key)} does not start a compound statement`, COMPOUND, compoundHint(key));
    return null;
  }
  const kw = m[1]!;
  const rest = key.slice(kw.length);
  const restBase = shifted(base, kw.length);
  const body = readStatements(r, head.value, `the body of ${shown(key)}`);
  if (kw === 'if') {
    allowOnly(['else'], `an 'if'`);
    const cond = take(r, parseExpression(rest, restBase, r.file));
    const elseBody = extra.has('else') ? readStatements(r, extra.get('else')!.value, "the body of 'else'") : [];
    return cond ? { k: 'if', cond, then: body, else: elseBody, text: `if ${rest.trim()}`, span } : null;
  }
  if (kw === 'while') {
    allowOnly(['bound'], `a 'while'`);
    const cond = take(r, parseExpression(rest, restBase, r.file));
    const b = extra.get('bound');
    if (!b) {
      r.error(r.span(head.key), `loop ${shown(key)} has no bound`, "a 'bound: N' key beside it (the most iterations a run may make)");
      return null;
    }
    const bound = r.int(b.value, "a loop's bound", 1, 100000);
    return cond && bound !== null ? { k: 'while', cond, body, bound, text: `while ${rest.trim()}`, span } : null;
  }
  allowOnly(['bound'], `a 'for'`);
  const header = take(r, parseForHeader(rest, restBase, r.file));
  const b = extra.get('bound');
  const bound = b ? r.int(b.value, "a loop's bound", 1, 100000) : null;
  return header ? { k: 'for', header, body, bound, text: `for ${rest.trim()}`, span } : null;
}

/**
 * `do: [...]` with `while: COND` and `bound: N` beside it: C's do-while, as the kernel writes a
 * seqlock reader (`do { seq = read_seqbegin(&sl); ... } while (read_seqretry(&sl, seq));`).
 */
function readDo(r: YamlReader, head: Pair<Node, Node>, extra: ReadonlyMap<string, Pair<Node, Node>>, span: StatementNode['span'], allowOnly: (allowed: string[], what: string) => void): StatementNode | null {
  allowOnly(['while', 'bound'], "a 'do'");
  const body = readStatements(r, head.value, "the body of 'do'");
  const w = extra.get('while');
  const b = extra.get('bound');
  if (!w || !b) {
    r.error(r.span(head.key), `a 'do' loop needs ${!w ? "'while: COND'" : "'bound: N'"} beside it`, "'while: COND' (tested after each run of the body) and 'bound: N' (the most repeats a run may make)");
    return null;
  }
  // YAML reads `while: 0` or `while: true` as a number or a boolean: a condition all the same.
  const plain = isScalar(w.value) ? (w.value as Scalar).value : undefined;
  const text = typeof plain === 'number' || typeof plain === 'boolean' ? String(plain) : r.string(w.value, "a 'do' loop's condition", 'a condition, e.g. read_seqretry(&sl, seq)');
  const bound = r.int(b.value, "a loop's bound", 1, 100000);
  if (text === null || bound === null || !isScalar(w.value)) return null;
  const cond = take(r, parseExpression(text, r.source(w.value as Scalar), r.file));
  return cond ? { k: 'while', cond, body, bound, doWhile: true, text: `while (${text.trim()})`, span } : null;
}

/** For a key that starts no compound statement: where 'else' goes, or the keyword it was meant to be. */
function compoundHint(key: string): string | undefined {
  if (key.startsWith('else')) return "'else' goes in the same mapping as its 'if', one indent below the '- '";
  const word = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(key)?.[1];
  const s = word === undefined ? undefined : suggest(word, COMPOUND_KEYWORDS);
  return s !== undefined ? `did you mean '${s}'?` : undefined;
}

export { isMap };
