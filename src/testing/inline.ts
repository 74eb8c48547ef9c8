// Test support: a scenario written inline in YAML, lowered the way users' files are, so semantic
// tests exercise what users write. Only tests import this.
import { exhaustive } from '../explore/exhaustive.js';
import type { Outcome } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import { loadScenario, type Case } from '../scenario/load.js';

export function casesOf(yaml: string, file = 'inline.yaml'): Case[] {
  const r = loadScenario(file, yaml);
  if (!r.ok) throw new Error(`scenario does not load:\n${r.errors.map((e) => `${e.span.start}: ${e.message}`).join('\n')}`);
  return r.value.cases;
}

export function programOf(yaml: string, select: { variant?: string; strategy?: string } = {}): Program {
  const c = casesOf(yaml).find((x) => (select.variant === undefined || x.variant === select.variant) && (select.strategy === undefined || x.strategy === select.strategy));
  if (!c) throw new Error('no such case');
  return c.program;
}

export function testBudget(maxStates = 200_000) {
  let t = 0;
  return { maxStates, now: () => t++, seed: 1 };
}

export function explore(p: Program, maxStates = 200_000): Outcome {
  return exhaustive.explore(p, testBudget(maxStates));
}

export function kinds(o: Outcome): string[] {
  return o.findings.map((f) => f.violation.kind).sort();
}
