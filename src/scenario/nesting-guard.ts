// A linear pre-scan that refuses absurdly deep flow nesting (`[[[[...`) before yaml parses it: yaml
// bounds its own depth, but only after spending time proportional to the whole bomb. Pure.
import type { Diagnostic } from '../common/diagnostic.js';

/** No scenario nests flow collections anywhere near this deep. */
export const MAX_FLOW_DEPTH = 64;

/**
 * The first `[` or `{` past MAX_FLOW_DEPTH, outside quotes and comments, as a diagnostic, or null.
 * Approximate on purpose (a block scalar's brackets count too): it only has to catch bombs.
 */
export function flowNestingError(file: string, text: string, max = MAX_FLOW_DEPTH): Diagnostic | null {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\n' && quote === '#') quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) quote = '#';
    else if (c === '[' || c === '{') {
      if (++depth > max) return { span: { file, start: i, end: i + 1 }, message: `the YAML is nested more than ${max} levels deep`, expected: 'a scenario nested a few levels deep' };
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return null;
}
