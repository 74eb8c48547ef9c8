// A tiny XML well-formedness checker for the SVGs raceway writes (XML 1.0, section 2: one root,
// tags nested and closed, attributes quoted and unique, only the five predefined entities or
// character references). Only tests import this. Returns the elements found, or the first fault.
export interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  /** Index in `elements` of the enclosing element; -1 for the root. */
  readonly parent: number;
  /** The character data directly inside the element, entities decoded (for geometry checks). */
  readonly text: string;
}

export type XmlCheck = { readonly ok: true; readonly root: string; readonly elements: readonly XmlElement[] } | { readonly ok: false; readonly error: string };

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;

function badAmp(text: string): number {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) if (!ENTITY.test(text.slice(i))) return i;
  return -1;
}

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

export function checkXml(doc: string): XmlCheck {
  const elements: { name: string; attrs: Map<string, string>; parent: number; text: string }[] = [];
  const stack: string[] = [];
  const open: number[] = []; // indexes into `elements`, parallel to `stack`
  let root: string | null = null;
  let i = 0;
  const fail = (why: string): XmlCheck => ({ ok: false, error: `offset ${i}: ${why}` });
  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end < 0) return fail('unterminated XML declaration');
    i = end + 2;
  }
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt < 0 ? doc.length : lt);
    if (text.includes('>')) return fail("a bare '>' in text");
    if (badAmp(text) >= 0) return fail("an '&' that starts no entity");
    if (stack.length === 0 && text.trim() !== '') return fail('text outside the root element');
    if (open.length > 0) elements[open[open.length - 1]!]!.text += decode(text);
    if (lt < 0) break;
    i = lt;
    if (doc.startsWith('<!--', i)) {
      const end = doc.indexOf('-->', i);
      if (end < 0) return fail('unterminated comment');
      i = end + 3;
      continue;
    }
    if (doc.startsWith('</', i)) {
      const m = NAME.exec(doc.slice(i + 2));
      const close = doc.indexOf('>', i);
      if (!m || close < 0 || doc.slice(i + 2 + m[0].length, close).trim() !== '') return fail('a malformed end tag');
      if (stack.pop() !== m[0]) return fail(`end tag </${m[0]}> does not match its start tag`);
      open.pop();
      i = close + 1;
      continue;
    }
    const m = NAME.exec(doc.slice(i + 1));
    if (!m) return fail('a malformed start tag');
    if (stack.length === 0) {
      if (root !== null) return fail('a second root element');
      root = m[0];
    }
    let j = i + 1 + m[0].length;
    const attrs = new Map<string, string>();
    for (;;) {
      const ws = /^\s*/.exec(doc.slice(j))![0].length;
      j += ws;
      const parent = open.length > 0 ? open[open.length - 1]! : -1;
      if (doc.startsWith('/>', j)) { elements.push({ name: m[0], attrs, parent, text: '' }); j += 2; break; }
      if (doc[j] === '>') { elements.push({ name: m[0], attrs, parent, text: '' }); stack.push(m[0]); open.push(elements.length - 1); j += 1; break; }
      if (ws === 0) return fail(`attributes of <${m[0]}> need white space between them`);
      const a = /^([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(doc.slice(j));
      if (!a) return fail(`a malformed attribute in <${m[0]}>`);
      if (attrs.has(a[1]!)) return fail(`attribute ${a[1]} repeated in <${m[0]}>`);
      const v = a[3] ?? a[4] ?? '';
      if (badAmp(v) >= 0) return fail(`an '&' that starts no entity in attribute ${a[1]}`);
      attrs.set(a[1]!, v);
      j += a[0].length;
    }
    i = j;
  }
  if (stack.length > 0) return fail(`<${stack[stack.length - 1]}> is never closed`);
  if (root === null) return fail('no root element');
  return { ok: true, root, elements };
}
