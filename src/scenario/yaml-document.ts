// Phase 0 of the front end: scenario text -> yaml's node tree, refusing what a scenario never
// needs (several documents, absurd nesting, aliases that expand too far) and turning yaml's errors
// into Diagnostics. Every pass here is linear in the text plus the bounded alias expansion. Pure.
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../common/diagnostic.js';
import { flowNestingError } from './nesting-guard.js';

export type YamlRead =
  | { readonly ok: true; readonly root: unknown; readonly duplicates: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[] };

/** No more than this many of one kind of YAML error: past them the file is not a scenario. */
const MAX_YAML_ERRORS = 20;

/**
 * Aliases may add at most this many nodes to the tree as written: enough to share a handler, a
 * procedure body or a list of expectations many times over, and far too few for an alias bomb
 * (billion laughs: nine aliases a level, ten levels, 9^10 nodes) to cost anything to refuse.
 */
export const MAX_ALIAS_NODES = 100_000;

/**
 * The tree, with duplicate keys reported but kept (the reader uses the last), or the errors that
 * make the tree unreliable. yaml's own `uniqueKeys` check compares each key with every earlier
 * one in its mapping, O(n^2) in the keys; duplicates are found here by one pass with a set.
 */
export function readYaml(file: string, text: string): YamlRead {
  const deep = flowNestingError(file, text);
  if (deep) return { ok: false, errors: [deep] };
  // yaml bounds its own nesting depth (RESOURCE_EXHAUSTION) and never expands aliases here.
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false });
  if (doc.errors.length > 0) {
    // A tab in an indentation throws yaml's reading of the lines after it off, and the errors
    // that follow are its echoes ("a block sequence may not be used as an implicit map key"):
    // the tab is the mistake to report.
    const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
    const shown = tabs.length > 0 ? tabs : doc.errors;
    return { ok: false, errors: shown.slice(0, MAX_YAML_ERRORS).map((e) => yamlDiagnostic(file, e.code, e.message, e.pos)) };
  }
  const duplicates: Diagnostic[] = [];
  // Before aliases are replaced, while the tree is still a tree: a shared map is reported once.
  visit(doc, {
    Map: (_k, node) => {
      if (duplicates.length < MAX_YAML_ERRORS) duplicates.push(...duplicateKeys(file, text, node as YAMLMap<Node, Node>));
    },
  });
  const bomb = inlineAliases(file, doc);
  if (bomb) return { ok: false, errors: [bomb] };
  return { ok: true, root: doc.contents, duplicates: duplicates.slice(0, MAX_YAML_ERRORS) };
}

/**
 * Replaces every alias by the node its anchor names, so the reader sees plain maps, lists and
 * scalars (a shared node keeps the span where it is written). One walk in document order: an
 * anchor names the last node written with it before the alias (YAML 1.2, 3.2.2.2), whose expanded
 * size is then known; the walk never enters an alias's target again, and stops at the first alias
 * that would take the expansion past MAX_ALIAS_NODES, so an alias bomb is refused in linear time.
 */
function inlineAliases(file: string, doc: Document.Parsed): Diagnostic | null {
  const anchors = new Map<string, Node>();
  const size = new Map<unknown, number>();
  const open = new Set<unknown>();
  let added = 0;
  let refused: Diagnostic | null = null;
  const at = (n: Node): { file: string; start: number; end: number } => ({ file, start: n.range?.[0] ?? 0, end: n.range?.[1] ?? 0 });
  const named = (source: string): string => `*${source.length > 64 ? `${source.slice(0, 64)}…` : source}`;
  // The node to keep in place of `n` (its target when it is an alias), and its expanded size.
  const walk = (n: unknown): [unknown, number] => {
    if (refused) return [n, 0];
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (target === undefined || open.has(target)) {
        // yaml reports an alias before its anchor; one inside the node it names would be infinite.
        refused = { span: at(n), message: `alias ${named(n.source)} ${target === undefined ? 'names no anchor before it' : 'is inside the node it names'}`, expected: "an alias after the node its '&' anchor marks" };
        return [n, 0];
      }
      const s = size.get(target) ?? 1;
      added += s - 1;
      if (added > MAX_ALIAS_NODES) {
        refused = { span: at(n), message: `aliases expand the scenario by more than ${MAX_ALIAS_NODES} nodes (${named(n.source)})`, expected: 'aliases that repeat small parts of the file (an alias bomb is refused)' };
      }
      return [target, s];
    }
    if (!isMap(n) && !isSeq(n) && !isScalar(n)) return [n, 0];
    if (n.anchor) anchors.set(n.anchor, n);
    let s = 1;
    if (isMap(n) || isSeq(n)) {
      open.add(n);
      const items = n.items as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (isPair(item)) {
          const [k, ks] = walk(item.key);
          const [v, vs] = walk(item.value);
          item.key = k;
          item.value = v;
          s += ks + vs;
        } else {
          const [v, vs] = walk(item);
          items[i] = v;
          s += vs;
        }
      }
      open.delete(n);
    }
    size.set(n, s);
    return [n, s];
  };
  doc.contents = walk(doc.contents)[0] as typeof doc.contents;
  return refused;
}

/** Keys equal by yaml's rule (the same scalar value), each reported where it comes again. */
function duplicateKeys(file: string, text: string, map: YAMLMap<Node, Node>): Diagnostic[] {
  const seen = new Set<unknown>();
  const out: Diagnostic[] = [];
  for (const pair of map.items as Pair<Node, Node>[]) {
    const k = pair.key;
    // yaml compares scalar keys with ===: NaN is never equal to itself, and other keys never equal.
    if (!isScalar(k) || Number.isNaN(k.value)) continue;
    if (!seen.has(k.value)) { seen.add(k.value); continue; }
    const start = k.range?.[0] ?? 0;
    const shown = /^[^\n:]*/.exec(text.slice(start, Math.min(text.length, start + 80)))?.[0]?.trim() ?? '';
    out.push({ span: { file, start, end: start + 1 }, message: `duplicate key${shown ? ` '${shown}'` : ''}`, expected: 'each key once in a mapping' });
  }
  return out;
}

/** What yaml would have accepted, by its error code: every error says what was expected. */
const EXPECTED: Readonly<Record<string, string>> = {
  BAD_INDENT: 'the items of a mapping or list starting at the same column, and every [ or { closed',
  BLOCK_AS_IMPLICIT_KEY: "one 'key: value' per line (quote a value that contains ': ')",
  MULTILINE_IMPLICIT_KEY: "a key and its ':' on one line",
  BAD_SCALAR_START: 'quotes around a value that starts with @, `, %, |, > or ,',
  BAD_DQ_ESCAPE: 'an escape YAML knows (\\\\, \\", \\n, \\t, \\xXX, \\uXXXX), or single quotes',
  KEY_OVER_1024_CHARS: 'a key of at most 1024 characters',
  BLOCK_IN_FLOW: 'only flow values inside [...] and {...}',
  MULTIPLE_ANCHORS: "at most one '&' anchor on a node",
  ALIAS_PROPS: "an alias without an anchor or a tag of its own ('*a', not '&b *a')",
  BAD_ALIAS: "an alias after the node its '&' anchor marks",
  TAG_RESOLVE_FAILED: "a value without a '!' tag",
  BAD_COLLECTION_TYPE: "a value without a '!' tag",
};

function yamlDiagnostic(file: string, code: string, message: string, pos: [number, number]): Diagnostic {
  const span = { file, start: pos[0], end: pos[1] };
  switch (code) {
    case 'TAB_AS_INDENT':
      return { span, message: 'a tab is used for indentation', expected: 'spaces: YAML does not allow tabs in indentation' };
    case 'MULTIPLE_DOCS':
      return { span, message: "more than one YAML document ('---')", expected: 'one scenario per file' };
    case 'RESOURCE_EXHAUSTION':
      return { span, message: 'the YAML is nested too deeply', expected: 'a scenario nested a few levels deep' };
    default: {
      const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
      const quote = /^Missing closing (["'])quote/.exec(first)?.[1];
      const expected = quote ? `a closing ${quote === '"' ? "'\"'" : `"'"`}` : /followed by map values/.test(first) ? "':' after the key" : EXPECTED[code] ?? 'well-formed YAML';
      return { span, message: `YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`, expected };
    }
  }
}
