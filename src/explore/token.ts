// Replay tokens: a printable, versioned string that names one trace of one program,
// `rw1.<program fingerprint>.<moves>.<checksum>`. Moves are indices into enabledMoves, one
// base64url character each (index 63 escapes to two more), so a token survives mail and shells.
// Decoding re-executes the whole trace before returning anything, so a bad token is refused,
// never half-run (shuttle's versioned Schedule, scheduler/serialization.rs, without its opaque hex).
// Pure.
import { fnv1a } from '../common/hash.js';
import { enabledMoves, stuck } from '../machine/enabled.js';
import { layoutOf } from '../machine/layout.js';
import { sameMove, type Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import { initialState } from '../machine/start.js';
import { allFinished } from '../machine/state.js';
import { step } from '../machine/step.js';
import type { Violation, ViolationKind } from '../machine/violation.js';
import { exploreLkmm } from './lkmm/lkmm-explorer.js';
import type { LkmmGraph } from './lkmm/graph.js';

export const TOKEN_VERSION = 'rw1';
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ESCAPE = 63;

function checksum(body: string): string {
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
const LKMM_MARK = '~';

export type Decoded =
  | { readonly ok: true; readonly trace: readonly Move[]; readonly violation: Violation; readonly graph?: LkmmGraph }
  | { readonly ok: false; readonly message: string };

const refuse = (message: string): Decoded => ({ ok: false, message });

/** Checks a token against a program and re-executes it; the trace must end in a violation. */
export function decodeToken(p: Program, token: string): Decoded {
  const parts = token.trim().split('.');
  if (parts.length !== 4) return refuse(`the token is not of the form ${TOKEN_VERSION}.<program>.<moves>.<checksum> (truncated or garbled?)`);
  const [version, fingerprint, moves, sum] = parts as [string, string, string, string];
  if (!/^rw\d+$/.test(version)) return refuse('the token does not start with a raceway token version (expected rw1)');
  if (version !== TOKEN_VERSION) return refuse(`token format ${version} is not readable by this raceway (expected ${TOKEN_VERSION})`);
  if (checksum(`${version}.${fingerprint}.${moves}`) !== sum) return refuse('the token checksum does not match (truncated or garbled?)');
  if (fingerprint !== p.fingerprint) {
    return refuse(`the token was made for another program (${fingerprint}); this file, variant '${p.variant}' and strategy '${p.strategy}' compile to ${p.fingerprint} (another file, strategy, variant, --cpus or version of the file?)`);
  }
  if (moves.startsWith(LKMM_MARK)) return decodeLkmm(p, moves.slice(LKMM_MARK.length));
  const indices: number[] = [];
  for (let i = 0; i < moves.length; i++) {
    const d = DIGITS.indexOf(moves[i]!);
    if (d < 0) return refuse(`the token has '${moves[i]}' where a move was expected`);
    if (d !== ESCAPE) { indices.push(d); continue; }
    const hi = DIGITS.indexOf(moves[i + 1] ?? '');
    const lo = DIGITS.indexOf(moves[i + 2] ?? '');
    if (hi < 0 || lo < 0) return refuse('the token ends inside a move');
    indices.push(hi * 64 + lo);
    i += 2;
  }
  const l = layoutOf(p);
  let s = initialState(p);
  const trace: Move[] = [];
  for (let i = 0; i < indices.length; i++) {
    const enabled = enabledMoves(p, s);
    const m = enabled[indices[i]!];
    if (!m) return refuse(`move ${i + 1} of the token is not enabled (${enabled.length} moves are)`);
    trace.push(m);
    const r = step(p, s, m);
    if (r.kind === 'violation') {
      if (i !== indices.length - 1) return refuse(`the token goes on after the violation at move ${i + 1}`);
      return { ok: true, trace, violation: r.violation };
    }
    s = r.state;
  }
  if (enabledMoves(p, s).length === 0) {
    if (allFinished(p, l, s)) return refuse('the token ends in a run that finished without a violation');
    return { ok: true, trace, violation: stuck(p, s) };
  }
  if (trace.length >= p.maxSteps) return { ok: true, trace, violation: { kind: 'livelock', at: null, bound: p.maxSteps } };
  return refuse(`the token stops after ${trace.length} moves, before any violation`);
}

/** An LKMM token: the search again, and its first finding of the kind the token names. */
function decodeLkmm(p: Program, kind: string): Decoded {
  if (p.memoryModel !== 'lkmm') return refuse('the token names an LKMM execution, but the program is not checked under lkmm (add --memory-model lkmm)');
  const o = exploreLkmm(p, { maxStates: Number.MAX_SAFE_INTEGER, now: () => 0, seed: 0 });
  const f = o.findings.find((g) => g.violation.kind === kind);
  if (!f || !f.graph) return refuse(`the LKMM search of this program finds no ${kind}`);
  return { ok: true, trace: [], violation: f.violation, graph: f.graph };
}
