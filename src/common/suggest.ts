// "Did you mean" suggestions by edit distance (the rustc and TypeScript habit). Pure.

/** Words longer than this get no suggestion: nobody misspells a name that long, and distance is quadratic. */
export const MAX_SUGGEST_LENGTH = 64;

/**
 * Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring):
 * insertions, deletions, substitutions and transpositions of two adjacent characters cost 1 each,
 * so `haed` is one edit from `head`, as a typist sees it.
 */
export function editDistance(a: string, b: string): number {
  // Three rows: the one before the previous (for transpositions), the previous and the current.
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}

/** The closest candidate within a distance proportional to the word, or undefined. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGEST_LENGTH) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  const w = word.toLowerCase();
  for (const c of candidates) {
    // The distance is at least the difference in length: most candidates are skipped unmeasured.
    if (Math.abs(c.length - word.length) > Math.min(limit, bestD)) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}
