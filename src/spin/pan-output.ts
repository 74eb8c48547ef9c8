// What pan (the verifier Spin generates) says at the end of a search: errors, the state vector,
// states stored, depth, and whether the search was complete. Read from its text, which has kept
// this shape since Spin 4 (Holzmann, The Spin Model Checker, ch. 11 "Using Spin"). Pure.
export interface PanResult {
  readonly errors: number;
  readonly stateVector: number | null;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** Bitstate runs: pan's hash factor (the higher, the fewer states lost; best above 100). */
  readonly hashFactor: number | null;
  /** Bitstate runs: pan's estimate of the share of the state space covered, in percent. */
  readonly coverage: number | null;
  readonly bitstate: boolean;
  /** Why the search did not cover everything (besides stopping at an error), or null. */
  readonly truncated: 'search-depth' | 'max-memory' | null;
}

function num(text: string, re: RegExp): number | null {
  const m = re.exec(text);
  return m ? Number(m[1]) : null;
}

export function readPanOutput(text: string): PanResult | null {
  const errors = num(text, /errors:\s*(\d+)/);
  const states = num(text, /([\d.e+]+)\s+states, stored/);
  if (errors === null || states === null) return null;
  const depthTooSmall = /max search depth too small/.test(text);
  const memory = /out of memory|reached -DMEMLIM bound|MEMLIM/.test(text) && /pan: (out of memory|reached)/.test(text);
  return {
    errors,
    stateVector: num(text, /State-vector (\d+) byte/),
    states,
    transitions: num(text, /([\d.e+]+)\s+transitions/) ?? 0,
    depth: num(text, /depth reached (\d+)/) ?? 0,
    hashFactor: num(text, /hash factor:\s*([\d.e+]+)/),
    coverage: num(text, /expected coverage:\s*>=\s*([\d.]+)%/),
    bitstate: /Bit statespace search/.test(text),
    truncated: memory ? 'max-memory' : depthTooSmall ? 'search-depth' : null,
  };
}
