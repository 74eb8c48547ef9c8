// The C litmus front end's entry: text -> a Program with its final condition and the test's own
// expectation, or the first unsupported construct, or diagnostics. Pure: the caller reads the file.
import type { Diagnostic } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import { quantifierClaim } from '../machine/final.js';
import type { FinalExpr, MemoryModelName, Program } from '../machine/program.js';
import type { LitmusAst } from './ast.js';
import { herdCondition } from './herd-condition.js';
import { parseLitmus } from './parse.js';
import { lowerLitmus, type LitmusLowerOptions } from './lower.js';
import type { LitmusExpectation } from './verdict.js';

export interface LitmusCase {
  readonly name: string;
  readonly program: Program;
  readonly filter: FinalExpr | null;
  readonly expectation: LitmusExpectation;
  /** The condition as herd7 prints its `Condition` line (herd-condition.ts). */
  readonly herdCondition: string;
  /** How many of program.final.observe herd7 shows in a state line (the rest only the filter reads). */
  readonly displayed: number;
}

export type LitmusLoad =
  | { readonly kind: 'ok'; readonly value: LitmusCase }
  | { readonly kind: 'unsupported'; readonly name: string; readonly what: string; readonly span: Span }
  | { readonly kind: 'error'; readonly errors: readonly Diagnostic[] };

export interface LitmusLoadOptions extends LitmusLowerOptions {
  /** With no memoryModel: the model `litmusModel` picks for the test instead of sc. */
  readonly modelByDefault?: boolean;
}

/**
 * The model a C litmus test is checked under when none is asked for: the LKMM, which its Result
 * line speaks of (tools/memory-model/README); SC for a test with interrupt handlers, raceway's own
 * extension, which neither the LKMM nor herd7 has (issue 20, item 5).
 */
export function litmusModel(ast: Pick<LitmusAst, 'handlers'>): MemoryModelName {
  return ast.handlers.length > 0 ? 'sc' : 'lkmm';
}

const RESULTS = ['Never', 'Sometimes', 'Always', 'DEADLOCK'];
/**
 * Result words that state no outcome raceway can judge: `Maybe` (the kernel collections' "the model
 * may yet say either", e.g. paulmckrcu/litmus auto/*.litmus) and `Flag NAME` (herd7 prints `Flag`
 * when a .cat file's `flag` fires, as LKMM's for bad SRCU nesting). Read as no expectation.
 */
const NO_CLAIM = ['Maybe', 'Flag'];

/** Without a Result line or an expect, the quantifier's own claim (machine/final.ts), judged exactly. */
function claimed(q: 'exists' | 'never' | 'forall'): LitmusExpectation {
  const claim = quantifierClaim(q);
  return claim === null ? { source: 'none', word: null } : { source: 'final', word: claim === 'never' ? 'Never' : 'Always' };
}

export function loadLitmus(file: string, text: string, options: LitmusLoadOptions = {}): LitmusLoad {
  const parsed = parseLitmus(file, text);
  if (parsed.errors.length > 0 || !parsed.ast) return { kind: 'error', errors: parsed.errors };
  const ast = parsed.ast;
  const first = (u: readonly { what: string; span: Span }[]) => [...u].sort((a, b) => a.span.start - b.span.start)[0];
  const early = first(parsed.unsupported);
  if (early) return { kind: 'unsupported', name: ast.name, what: early.what, span: early.span };
  const o: LitmusLowerOptions = { memoryModel: options.memoryModel ?? (options.modelByDefault ? litmusModel(ast) : 'sc') };
  const lowered = lowerLitmus(ast, text, o);
  // A mistake (a lock that is a location) outranks an unsupported construct elsewhere in the body.
  if (lowered.errors.length > 0) return { kind: 'error', errors: lowered.errors };
  const u = first(lowered.unsupported);
  if (u) return { kind: 'unsupported', name: ast.name, what: u.what, span: u.span };
  if (!lowered.program) return { kind: 'error', errors: lowered.errors };
  const errors: Diagnostic[] = [];
  for (const w of [ast.result, ast.expect]) {
    if (w && !RESULTS.includes(w.word) && !(w === ast.result && NO_CLAIM.includes(w.word))) errors.push({ span: w.span, message: `unknown result '${w.word}'`, expected: (w === ast.result ? [...RESULTS, ...NO_CLAIM] : RESULTS).join(', ') });
  }
  if (ast.expect?.word === 'DEADLOCK') errors.push({ span: ast.expect.span, message: "'expect DEADLOCK' is not an observation", expected: 'Never, Sometimes or Always' });
  if (errors.length > 0) return { kind: 'error', errors };
  const expectation: LitmusExpectation = ast.expect
    ? { source: 'raceway', word: ast.expect.word as LitmusExpectation['word'] }
    : ast.result && !NO_CLAIM.includes(ast.result.word)
      ? { source: 'kernel', word: ast.result.word as LitmusExpectation['word'], ...(ast.result.dataRace ? { dataRace: true } : {}) }
      : claimed(lowered.program.final?.quantifier ?? 'exists');
  return {
    kind: 'ok',
    value: { name: ast.name, program: lowered.program, filter: lowered.filter, expectation, herdCondition: herdCondition(ast.quantifier, ast.cond), displayed: lowered.displayed },
  };
}
