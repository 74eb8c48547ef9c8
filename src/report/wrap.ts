// Word wrapping for plain-text reports (the LKML diagram, the closing sentence). Pure.

/**
 * Split `text` into lines of at most `width` characters (`restWidth` for the lines after the
 * first), at spaces or after , ( when possible.
 */
export function wrap(text: string, width: number, restWidth = width): string[] {
  const out: string[] = [];
  let rest = text;
  for (let w = Math.max(8, width); rest.length > w; w = Math.max(8, restWidth)) {
    let cut = -1;
    for (let i = w; i > w / 3; i--) {
      const ch = rest[i - 1];
      if (rest[i] === ' ' || ch === ',' || ch === '(') { cut = i; break; }
    }
    if (cut < 0) cut = w;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}
