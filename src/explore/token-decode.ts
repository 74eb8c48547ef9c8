// Reading a replay token (token.ts makes them): checked against the program, then re-executed
// whole before anything is returned, so a bad token is refused, never half-run. An LKMM token
// runs the LKMM search again, so this module, not token.ts, loads the LKMM explorer. Pure.
import { enabledMoves, stuck } from '../machine/enabled.js';
import { layoutOf } from '../machine/layout.js';
import type { Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import { initialState } from '../machine/start.js';
import { allFinished } from '../machine/state.js';
import { step } from '../machine/step.js';
import type { Violation } from '../machine/violation.js';
import type { LkmmGraph } from './lkmm/graph.js';
import { exploreLkmm } from './lkmm/lkmm-explorer.js';
import { checksum, DIGITS, ESCAPE, LKMM_MARK, TOKEN_VERSION } from './token.js';

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
