// Replay tokens: a printable, versioned string that names one trace of one program,
// `rw1.<program fingerprint>.<moves>.<checksum>`. Moves are indices into enabledMoves, one
// base64url character each (index 63 escapes to two more), so a token survives mail and shells.
// Decoding re-executes the whole trace before returning anything, so a bad token is refused,
// never half-run (shuttle's versioned Schedule, scheduler/serialization.rs, without its opaque hex).
// Decoding is token-decode.ts: it may run the LKMM search, which `check` does not load to encode
// (issue 22, start-up). Pure.
import { fnv1a } from '../common/hash.js';
import { enabledMoves } from '../machine/enabled.js';
import { sameMove, type Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import { initialState } from '../machine/start.js';
import { step } from '../machine/step.js';
import type { ViolationKind } from '../machine/violation.js';

export const TOKEN_VERSION = 'rw1';
export const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const ESCAPE = 63;

export function checksum(body: string): string {
  return fnv1a(body).toString(36).padStart(7, '0');
}

/**
 * The token of a trace, which must replay on `p` (a finding's trace always does). An LKMM
 * finding has no trace (its execution need not be an interleaving): its token names its kind,
 * and replaying it runs the LKMM search again (deterministic) for that kind's first finding.
 */
export function encodeToken(p: Program, trace: readonly Move[], kind?: ViolationKind): string {
  if (p.memoryModel === 'lkmm' && kind !== undefined) {
    const body = `${TOKEN_VERSION}.${p.fingerprint}.${LKMM_MARK}${kind}`;
    return `${body}.${checksum(body)}`;
  }
  let s = initialState(p);
  let moves = '';
  for (const m of trace) {
    const enabled = enabledMoves(p, s);
    const i = enabled.findIndex((e) => sameMove(e, m));
    if (i < 0) throw new Error('encodeToken: the trace does not replay');
    moves += i < ESCAPE ? DIGITS[i] : DIGITS[ESCAPE]! + DIGITS[Math.floor(i / 64) % 64]! + DIGITS[i % 64]!;
    const r = step(p, s, m);
    if (r.kind === 'violation') break;
    s = r.state;
  }
  const body = `${TOKEN_VERSION}.${p.fingerprint}.${moves}`;
  return `${body}.${checksum(body)}`;
}

/** Starts the moves part of an LKMM finding's token (a character no move index uses). */
export const LKMM_MARK = '~';
