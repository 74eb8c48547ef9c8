// Mistakes in user input travel as values, never as exceptions (STYLE.md, "Errors").
import type { Span } from './span.js';

export interface Diagnostic {
  readonly span: Span;
  readonly message: string;
  /** What would have been accepted, printed in parentheses after the message. */
  readonly expected?: string;
  /** A suggestion, e.g. "did you mean 'smp_mb'?" */
  readonly hint?: string;
  /** A stable name for a kind of mistake another phase reacts to (e.g. 'unsequenced'). */
  readonly code?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: readonly Diagnostic[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(errors: readonly Diagnostic[]): Result<T> => ({ ok: false, errors });
