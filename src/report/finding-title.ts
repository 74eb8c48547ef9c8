// The title a picture or a heading carries: scenario, variant, strategy and what went wrong. Pure.
import type { Finding } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';

export function findingTitle(p: Program, f: Finding): string {
  const variant = p.variant !== p.scenario ? ` · ${p.variant}` : '';
  return `${p.scenario}${variant} · ${p.strategy}: ${f.violation.kind}`;
}
