// C arithmetic on int32 values, shared by step-time evaluation and final-state conditions.
// Pure. Division by zero is the caller's to report (it returns null).
import { assertNever } from '../common/assert-never.js';
import type { BinaryOp, UnaryOp } from './program.js';

export function unaryOp(op: UnaryOp, a: number): number {
  switch (op) {
    case '!': return a === 0 ? 1 : 0;
    case '-': return -a | 0;
    case '~': return ~a;
    default: return assertNever(op);
  }
}

/** Every binary operator but the short-circuiting && and ||; null for a division by zero. */
export function binaryOp(op: Exclude<BinaryOp, '&&' | '||'>, a: number, b: number): number | null {
  switch (op) {
    case '+': return (a + b) | 0;
    case '-': return (a - b) | 0;
    case '*': return Math.imul(a, b);
    case '/': return b === 0 ? null : (a / b) | 0;
    case '%': return b === 0 ? null : a % b | 0;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    default: return assertNever(op);
  }
}
