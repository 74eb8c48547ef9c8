// Durations and counts as people read them: three significant figures and a unit. Pure.

/** 0.4 ns, 26 ns, 1.2 µs, 15.7 ms, 3.91 s. */
export function formatNs(ns: number): string {
  if (ns === 0) return '0';
  const units: readonly [number, string][] = [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];
  for (const [scale, unit] of units) {
    if (ns >= scale || unit === 'ns') return `${sig3(ns / scale)} ${unit}`;
  }
  return `${ns} ns`;
}

/** Three significant figures, no exponent, no trailing zeros after the point. */
export function sig3(x: number): string {
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return Number(x.toFixed(Math.min(digits, 6))).toString();
}
