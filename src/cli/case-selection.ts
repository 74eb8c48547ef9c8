// What --strategy and --variant ask of one scenario, and the one-line errors for names it lacks,
// each listing the names there are.
import { suggest } from '../common/suggest.js';
import type { ScenarioAst } from '../scenario/ast.js';
import { strategyNames } from '../scenario/lower/lower.js';

function missing(file: string, what: string, asked: readonly string[], there: readonly string[]): string[] {
  const known = new Set(there);
  return [...new Set(asked)].filter((n) => !known.has(n)).map((n) => {
    const s = suggest(n, there);
    return `${file}: error: no ${what} '${n}' (expected one of ${there.join(', ')})${s ? `; did you mean '${s}'?` : ''}`;
  });
}

/**
 * The line a source none of whose cases --strategy/--variant selects gets in a run where another
 * source's case runs (check.ts): which names it lacks, e.g. `f.yaml: skipped: no strategy 'rcu'`.
 */
export function unmatchedNote(file: string, strategies: readonly string[], strategiesThere: readonly string[], variants: readonly string[], variantsThere: readonly string[]): string {
  return `${file}: skipped: ${lackingNames(strategies, strategiesThere, variants, variantsThere)}`;
}

/** `no strategy 'a', no variant 'b'`: the names asked for that a source does not have. */
export function lackingNames(strategies: readonly string[], strategiesThere: readonly string[], variants: readonly string[], variantsThere: readonly string[]): string {
  const lacking = (what: string, asked: readonly string[], there: readonly string[]): string[] =>
    [...new Set(asked)].filter((n) => !there.includes(n)).map((n) => `no ${what} '${n}'`);
  return [...lacking('strategy', strategies, strategiesThere), ...lacking('variant', variants, variantsThere)].join(', ');
}

/** One `file: error: ...` line per strategy or variant asked for that the scenario does not have. */
export function unknownNames(file: string, ast: ScenarioAst, strategies: readonly string[], variants: readonly string[]): string[] {
  return [...missing(file, 'strategy', strategies, strategyNames(ast)), ...missing(file, 'variant', variants, ast.variants.map((v) => v.name))];
}
