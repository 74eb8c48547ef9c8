// Which CPUs of a program are interchangeable: the scalarsets of Ip and Dill ("Better verification
// through symmetry", FMSD 9, 1996), found from the program rather than declared. Two CPUs are
// symmetric when they run the same code under the same handlers and nothing in the program tells
// them apart, so that swapping them (their words in the state, and every word that names one of
// them) maps runs to runs. Conservative: any CPU-indexed datum this file cannot permute turns the
// symmetry off, or pins the CPUs it names. Fail safe: symmetry is on only when every family the
// program uses declares itself CPU-symmetric (Family.cpuSymmetric), so a family added without
// saying so turns it off rather than have its words left unpermuted. Pure.
import { memoByObject } from '../common/memo.js';
import type { Family } from '../machine/ops/family.js';
import { familiesUsed } from '../machine/ops/families-used.js';
import { FAMILIES } from '../machine/ops/registry.js';
import type { Code, Expr, HandlerDecl, Instr, Loc, Program } from '../machine/program.js';
import { exprLoc, forEachInstrExpr, instrLoc } from '../machine/visit.js';

export interface SymmetryGroups {
  /** Each group: two or more interchangeable CPUs, ascending; no CPU is in two groups. */
  readonly groups: readonly (readonly number[])[];
  /** Per-CPU arrays (`slot[this_cpu]`): CPU c's part is [base + c * stride, base + (c + 1) * stride). */
  readonly perCpuArrays: readonly { readonly base: number; readonly stride: number }[];
  /** singleOn[cpu]: the handlers declared for that CPU alone, by signature then index (see singleRank). */
  readonly singleOn: readonly (readonly number[])[];
  /**
   * A handler for one CPU c of a group: its rank in singleOn[c], so that a permutation taking c to
   * d takes it to singleOn[d][rank]. -1 for every other handler: its CPU set is a union of whole
   * groups and CPUs of no group, which every permutation of the groups fixes.
   */
  readonly singleRank: Int32Array;
}

/** The interchangeable CPUs of `p`, or null when there are none (or the program has state this cannot permute). */
export const symmetryGroupsOf: (p: Program) => SymmetryGroups | null = memoByObject((p: Program) => findGroups(p));

/**
 * The interchangeable CPUs of `p`, with `families` as the families' declarations (the registry's;
 * a test passes others). A used family missing from `families` counts as undeclared.
 */
export function findGroups(p: Program, families: readonly Family[] = FAMILIES): SymmetryGroups | null {
  // A final condition names CPUs' locals, and its collected final states would lose the members
  // of each orbit. The LKMM is not searched by states.
  if (p.cpus < 2 || p.memoryModel === 'lkmm' || p.final) return null;
  // State that names CPUs or contexts in ways not permuted here (tasks and their scheduler words,
  // SRCU's per-context words, callbacks' queuing CPU) is a family's that does not declare itself symmetric.
  for (const used of familiesUsed(p)) {
    if (families.find((f) => f.name === used.name)?.cpuSymmetric !== true) return null;
  }
  const perCpu = perCpuArraysOf(p);
  if (!perCpu) return null;
  const pinned = new Set(perCpu.pinned);
  const codeSig = p.codes.map(codeSignature);
  const handlerSig = p.handlers.map((h) => handlerSignature(h, codeSig));
  // A CPU's signature: its task's code, the signatures of the handlers for it alone, and the
  // other handlers that may fire on it by index (those must be the same declarations).
  const sigOf = (cpu: number): string => {
    const task = p.tasks[cpu] ?? -1;
    const single: string[] = [];
    const multi: number[] = [];
    p.handlers.forEach((h, i) => {
      if (!h.cpus.includes(cpu)) return;
      if (h.cpus.length === 1) single.push(handlerSig[i]!);
      else multi.push(i);
    });
    return JSON.stringify([task < 0 ? null : codeSig[task], single.sort(), multi]);
  };
  const bySig = new Map<string, number[]>();
  for (let cpu = 0; cpu < p.cpus; cpu++) {
    if (pinned.has(cpu)) continue;
    const sig = sigOf(cpu);
    bySig.set(sig, [...(bySig.get(sig) ?? []), cpu]);
  }
  const groups = [...bySig.values()].filter((g) => g.length >= 2);
  if (groups.length === 0) return null;
  const singleOn = Array.from({ length: p.cpus }, (_, cpu) =>
    p.handlers.flatMap((h, i) => (h.cpus.length === 1 && h.cpus[0] === cpu ? [i] : []))
      .sort((a, b) => (handlerSig[a]! < handlerSig[b]! ? -1 : handlerSig[a]! > handlerSig[b]! ? 1 : a - b)));
  const inGroup = new Set(groups.flat());
  const singleRank = new Int32Array(p.handlers.length).fill(-1);
  p.handlers.forEach((h, i) => {
    if (h.cpus.length === 1 && inGroup.has(h.cpus[0]!)) singleRank[i] = singleOn[h.cpus[0]!]!.indexOf(i);
  });
  return { groups, perCpuArrays: perCpu.arrays, singleOn, singleRank };
}

/** An instruction as the machine sees it: without its source position and the text rows print. */
function codeSignature(c: Code): string {
  return JSON.stringify(c.instrs.map(({ span: _s, text: _t, via: _v, ...body }: Instr) => body));
}

function handlerSignature(h: HandlerDecl, codeSig: readonly string[]): string {
  return JSON.stringify([h.kind, h.max, h.at, h.callback ?? null, codeSig[h.code]]);
}

/**
 * The arrays indexed by `this_cpu` (each CPU's own element), and the CPUs that code names by a
 * constant index into one of them (`slot[2]`: that CPU's element is not like the others'). Null
 * when `this_cpu` is used any other way (its value could be stored, compared, or index elsewhere)
 * or such an array is indexed by a computed value, which could name any CPU.
 */
function perCpuArraysOf(p: Program): { arrays: { base: number; stride: number }[]; pinned: number[] } | null {
  const instrs = [...p.codes.flatMap((c) => c.instrs)];
  const locs: Loc[] = [];
  let thisCpuUses = 0;
  for (const i of instrs) {
    const own = instrLoc(i);
    if (own) locs.push(own);
    forEachInstrExpr(i, (e: Expr) => {
      if (e.kind === 'this_cpu') thisCpuUses++;
      const l = exprLoc(e);
      if (l) locs.push(l);
    });
  }
  const arrayLocs = locs.filter((l): l is Extract<Loc, { kind: 'array' }> => l.kind === 'array');
  const perCpu = new Set(arrayLocs.filter((l) => l.index[0]?.kind === 'this_cpu').map((l) => l.array));
  // Every this_cpu must be the first index of a per-CPU array access.
  const asIndex = arrayLocs.filter((l) => l.index[0]?.kind === 'this_cpu').length;
  if (asIndex !== thisCpuUses) return null;
  const pinned: number[] = [];
  for (const l of arrayLocs) {
    if (!perCpu.has(l.array)) continue;
    const first = l.index[0];
    if (first?.kind === 'this_cpu') continue;
    if (first?.kind !== 'const') return null;
    pinned.push(first.v);
  }
  const arrays: { base: number; stride: number }[] = [];
  for (const a of perCpu) {
    const decl = p.arrays[a]!;
    if (decl.dims[0] !== p.cpus) return null;
    arrays.push({ base: decl.base, stride: decl.dims.slice(1).reduce((x, y) => x * y, 1) });
  }
  return { arrays, pinned };
}
