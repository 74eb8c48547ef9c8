// The verdict beside a figure's goal: "met", or by how many times the figure falls short of it.
import type { Figure } from '../../previous-release.js';

export function metOrShort(value: number | null | undefined, goal: number, better: Figure['better']): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'not measured';
  if (better === 'lower' ? value <= goal : value >= goal) return 'met';
  return `short by ${(better === 'lower' ? value / goal : goal / value).toFixed(2)}x`;
}

/** A number for a goal line: '-' when missing, else rounded to `digits` significant digits (whole numbers from 1000 up). */
export const show = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '-' : Math.abs(x) >= 1000 ? String(Math.round(x)) : x.toPrecision(digits);
