// A thin typed reader over yaml's node tree that turns every shape mistake into a Diagnostic
// with the node's offsets, so the scenario reader stays declarative. Pure.
import { isMap, isScalar, isSeq, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Diagnostic } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import { suggest } from '../common/suggest.js';
import { scalarSource } from './scalar-source.js';
import type { TextSource } from './syntax/text-source.js';
import { shown } from './shown.js';

export { shown };

export class YamlReader {
  readonly errors: Diagnostic[] = [];
  /**
   * True once a mistake outside statement bodies made the reader fall back to a default (a CPU
   * count, a declaration, a strategy): lowering such a tree would report mistakes that are not there.
   */
  blocking = false;
  /** Ranges from a body's first parse error to the body's end: lowering errors there are cascades. */
  readonly poisoned: Span[] = [];
  private bodyDepth = 0;
  constructor(readonly file: string, readonly text: string) {}

  /** Reads a statement body; a mistake in it poisons the rest of that body only, not the file. */
  body<T>(node: unknown, read: () => T): T {
    const before = this.errors.length;
    this.bodyDepth++;
    try {
      return read();
    } finally {
      this.bodyDepth--;
      if (this.errors.length > before) {
        // A loop, not Math.min(...spread): a body may hold more errors than the stack has frames.
        let first = Infinity;
        for (let i = before; i < this.errors.length; i++) first = Math.min(first, this.errors[i]!.span.start);
        this.poisoned.push({ file: this.file, start: first, end: Math.max(first, this.span(node).end) });
      }
    }
  }

  /** A mistake that leaves nothing defaulted (an unknown key, a misspelt verdict): lowering may go on. */
  benign(span: Span, message: string, expected?: string, hint?: string): void {
    this.errors.push({ span, message, ...(expected ? { expected } : {}), ...(hint ? { hint } : {}) });
  }

  span(node: unknown): Span {
    const r = (node as { range?: [number, number, number] } | null)?.range;
    return r ? { file: this.file, start: r[0], end: r[1] } : { file: this.file, start: 0, end: 0 };
  }

  error(span: Span, message: string, expected?: string, hint?: string): void {
    if (this.bodyDepth === 0) this.blocking = true;
    this.errors.push({ span, message, ...(expected ? { expected } : {}), ...(hint ? { hint } : {}) });
  }

  /** The pairs of a mapping, reporting unknown keys (with a suggestion) and missing required ones. */
  map(node: unknown, what: string, known: readonly string[], required: readonly string[] = []): Map<string, Pair<Node, Node>> | null {
    const out = new Map<string, Pair<Node, Node>>();
    if (!isMap(node)) {
      this.error(this.span(node), `${what} must be a mapping`, `keys ${known.map((k) => `'${k}'`).join(', ')}`);
      return null;
    }
    const suggested = new Map<string, Pair<Node, Node>>();
    for (const pair of (node as YAMLMap<Node, Node>).items) {
      const key = this.keyText(pair);
      if (key === null) continue;
      if (known.length > 0 && !known.includes(key)) {
        const s = suggest(key, known);
        if (s && !suggested.has(s)) suggested.set(s, pair);
        this.benign(this.span(pair.key), `unknown key ${shown(key)} in ${what}`, `one of ${known.map((k) => `'${k}'`).join(', ')}`, s ? `did you mean '${s}'?` : undefined);
        continue;
      }
      out.set(key, pair);
    }
    // A misspelt key is read as the key it was taken for, when that one is absent: the mistakes
    // inside it (a misspelt statement under 'progams:') are reported in the same pass, and the
    // rest of the file is not read as if it were missing (cells under 'stat:' as undefined names).
    for (const [s, pair] of suggested) if (!out.has(s)) out.set(s, pair);
    for (const r of required) {
      // "unknown key 'rn' ... did you mean 'run'?" already says that 'run' is missing.
      if (!out.has(r)) this.error(this.span(node), `${what} has no '${r}'`, `a key '${r}'`);
    }
    return out;
  }

  /** Every pair of a mapping with free-form keys (names of procedures, cells, strategies). */
  entries(node: unknown, what: string): Pair<Node, Node>[] {
    if (node === null || node === undefined || (isScalar(node) && (node as Scalar).value === null)) return [];
    if (!isMap(node)) {
      this.error(this.span(node), `${what} must be a mapping`, "'name: value' lines, one indent deeper");
      return [];
    }
    return (node as YAMLMap<Node, Node>).items.filter((p) => this.keyText(p) !== null);
  }

  keyText(pair: Pair<Node, Node>): string | null {
    const k = pair.key;
    if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
    this.error(this.span(k), 'a key must be a plain name', 'a string key');
    return null;
  }

  seq(node: unknown, what: string): Node[] {
    if (node === null || node === undefined || (isScalar(node) && (node as Scalar).value === null)) return [];
    if (!isSeq(node)) {
      this.error(this.span(node), `${what} must be a list`, "a YAML list ('- item' lines)");
      return [];
    }
    return (node as YAMLSeq<Node>).items;
  }

  /** `expected`: the words or the form wanted, when it is more than any text. */
  string(node: unknown, what: string, expected = 'text, in quotes if YAML would read it as a number, true/false or null'): string | null {
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    this.error(this.span(node), `${what} must be a string`, expected);
    return null;
  }

  int(node: unknown, what: string, min: number, max: number): number | null {
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= min && node.value <= max) {
      return node.value;
    }
    this.error(this.span(node), `${what} must be a whole number from ${min} to ${max}`, `an integer in ${min}..${max}`);
    return null;
  }

  /** Where a scalar's value sits in the file, character by character when YAML rewrote it. */
  source(node: Scalar): TextSource {
    return scalarSource(node, this.text);
  }
}

export { isMap, isScalar, isSeq };
