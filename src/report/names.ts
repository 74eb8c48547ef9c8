// How machine things are named in reports: contexts, values, locations. Pure.
import { LEVEL_NAMES, PTR_BASE, type Level, type Program } from '../machine/program.js';
import { contextOf } from '../machine/violation.js';

/** "CPU 0 task", "CPU 0 IRQ lookup", "CPU 1 NMI lookup", "CPU 0 softirq rx". */
export function contextName(p: Program, cpu: number, level: Level, handler?: number): string {
  if (level === 0) return `CPU ${cpu} task`;
  const h = handler !== undefined ? p.handlers[handler] : undefined;
  return `CPU ${cpu} ${level === 1 ? 'IRQ' : level === 2 ? 'NMI' : 'softirq'}${h ? ` '${h.name}'` : ''}`;
}

export function contextIdName(p: Program, id: number): string {
  const { cpu, level } = contextOf(id);
  return contextName(p, cpu, level);
}

export function levelName(level: Level): string {
  return LEVEL_NAMES[level];
}

/** A value as the user would write it: a pointer by its object's name, else the integer. */
export function valueName(p: Program, v: number, loc?: number): string {
  const o = v - PTR_BASE;
  if (o >= 0 && o < p.objects.length) return p.objects[o]!.name;
  if (v === 0 && loc !== undefined && p.pointerLocs[loc]) return 'NULL';
  return String(v);
}

export function locName(p: Program, loc: number): string {
  return p.locNames[loc] ?? `#${loc}`;
}
