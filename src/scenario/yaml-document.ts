// Phase 0 of the front end: scenario text -> yaml's node tree, refusing what a scenario never
// needs (aliases, several documents, absurd nesting) and turning yaml's errors into Diagnostics.
// Every pass here is linear in the text. Pure: the text comes in.
import { isScalar, parseDocument, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../common/diagnostic.js';
import { flowNestingError } from './nesting-guard.js';

export type YamlRead =
  | { readonly ok: true; readonly root: unknown; readonly duplicates: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[] };

/** No more than this many of one kind of YAML error: past them the file is not a scenario. */
const MAX_YAML_ERRORS = 20;

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
  const aliases: Diagnostic[] = [];
  const duplicates: Diagnostic[] = [];
  visit(doc, {
    // Aliases: a scenario never needs one, and refusing them keeps alias bombs (billion laughs) out.
    Alias: (_k, node) => {
      aliases.push({ span: { file, start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 }, message: `aliases are not supported (*${node.source.length > 64 ? `${node.source.slice(0, 64)}…` : node.source})`, expected: 'the value written out in full' });
      return aliases.length >= MAX_YAML_ERRORS ? visit.BREAK : undefined;
    },
    Map: (_k, node) => {
      if (duplicates.length < MAX_YAML_ERRORS) duplicates.push(...duplicateKeys(file, text, node as YAMLMap<Node, Node>));
    },
  });
  if (aliases.length > 0) return { ok: false, errors: [...duplicates, ...aliases] };
  return { ok: true, root: doc.contents, duplicates: duplicates.slice(0, MAX_YAML_ERRORS) };
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
  MULTIPLE_ANCHORS: 'no anchors or aliases: the value written out in full',
  ALIAS_PROPS: 'no anchors or aliases: the value written out in full',
  BAD_ALIAS: 'no anchors or aliases: the value written out in full',
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
