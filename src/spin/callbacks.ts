// RCU callbacks in the exported model, as machine/ops/rcu-callbacks.ts has them: per object with a
// callback head (model-names.ts callbackObjects, slot k) the declaration queued plus one (cbd) and
// the CPU it was queued on (cbc); per CPU and slot the CPUs the callback's grace period still
// waits for (cbg, and under TSO cbgb for their buffers), noted at the call as synchronize_rcu()'s
// start notes them and cleared by the same quiescent states; per frame that calls rcu_barrier()
// the slots it still waits for (bar). The callback itself is a softirq handler declaration
// (HandlerDecl.callback) that may start once its slot is queued on that CPU and its grace period
// is over (promela.ts fires it). Pure.
import { assertNever } from '../common/assert-never.js';
import { PTR_BASE, type Instr, type Program } from '../machine/program.js';
import type { StepCx } from './expr.js';
import {
  barrierVar, callbackObjects, cbCpu, cbDecl, cbGp, cbGpb, frameCount, framesOfCodes, freedVar, softHandler, type Ctx,
} from './model-names.js';
import { inRcuReader } from './rcu-reader.js';
import { isTso, sbCount } from './tso.js';

type CallbackInstr = Extract<Instr, { op: 'rcu_callback' }>;

/** The callback globals, or none in a program that queues no callback. */
export function callbackGlobals(p: Program): string[] {
  const k = callbackObjects(p).length;
  if (k === 0) return [];
  const out = [
    `byte cbd[${k}]; byte cbc[${k}];          /* RCU callback slots: declaration queued + 1, its CPU (ops/rcu-callbacks.ts) */`,
    `int cbg[${p.cpus * k}];                   /* per CPU and slot: CPUs the callback's grace period still waits for */`,
  ];
  if (isTso(p)) out.push(`int cbgb[${p.cpus * k}];                  /* the same, for their store buffers */`);
  if (barrierFrames(p).length > 0) out.push(`int bar[${frameCount(p)}];                   /* per frame: the slots an rcu_barrier() still waits for */`);
  return out;
}

/** The frames whose code calls rcu_barrier(): the only ones with barrier bits (none without a callback to wait for). */
export function barrierFrames(p: Program): number[] {
  if (callbackObjects(p).length === 0) return [];
  const frames = framesOfCodes(p);
  const out = new Set<number>();
  p.codes.forEach((c, ci) => {
    if (c.instrs.some((i) => i.op === 'rcu_callback' && i.kind === 'rcu_barrier_start')) for (const f of frames.get(ci) ?? []) out.add(f);
  });
  return [...out].sort((a, b) => a - b);
}

/** Every callback grace-period word (cbg), and under TSO its buffer word (cbgb), for the quiescence after a move. */
export function callbackGpWords(p: Program): { readers: string[]; buffers: string[] } {
  const objs = callbackObjects(p);
  const readers: string[] = [];
  const buffers: string[] = [];
  for (let c = 0; c < p.cpus; c++) {
    objs.forEach((_, k) => {
      readers.push(cbGp(p, c, k));
      if (isTso(p)) buffers.push(cbGpb(p, c, k));
    });
  }
  return { readers, buffers };
}

function slotOf(p: Program, h: number): number {
  return callbackObjects(p).indexOf(p.handlers[h]!.callback!.object);
}

/** ops/rcu-callbacks.ts callbackReady: declaration h's callback is queued on `cpu` and its grace period is over. */
export function callbackReady(p: Program, cpu: number, h: number): string {
  const k = slotOf(p, h);
  const buffers = isTso(p) ? ` && ${cbGpb(p, cpu, k)} == 0` : '';
  return `${cbDecl(k)} == ${h + 1} && ${cbCpu(k)} == ${cpu} && ${cbGp(p, cpu, k)} == 0${buffers}`;
}

/** ops/rcu-callbacks.ts startCallback: the slot is free again as the callback starts. */
export function startCallback(p: Program, h: number): string {
  const k = slotOf(p, h);
  return `${cbDecl(k)} = 0; ${cbCpu(k)} = 0;`;
}

/** ops/rcu-callbacks.ts finishCallback: every rcu_barrier() that waits for the slot is told. */
export function finishCallback(p: Program, h: number): string {
  const bit = ~(1 << slotOf(p, h));
  return barrierFrames(p).map((f) => `${barrierVar(f)} = ${barrierVar(f)} & (${bit});`).join(' ');
}

/**
 * A callback slot's running test on `cpu`: a declaration of that slot runs in its softirq
 * (runningCallback); with `kvfree` given, only a declaration of that class (a kfree_rcu() free
 * for kvfree_rcu_barrier(), a call_rcu() callback for rcu_barrier(): ops/rcu-callbacks.ts barrierWaitsFor).
 */
function running(p: Program, k: number, cpu: number, kvfree?: boolean): string[] {
  const o = callbackObjects(p)[k]!;
  return p.handlers.flatMap((h, hi) => (h.callback?.object === o && h.cpus.includes(cpu) && (kvfree === undefined || (h.callback.kfree === true) === kvfree) ? [`${softHandler(cpu)} == ${hi + 1}`] : []));
}

/** Slot k holds a declaration the barrier waits for (ops/rcu-callbacks.ts barrierWaitsFor). */
function queuedFor(p: Program, k: number, kvfree: boolean): string {
  const o = callbackObjects(p)[k]!;
  const tests = p.handlers.flatMap((h, hi) => (h.callback?.object === o && (h.callback.kfree === true) === kvfree ? [`${cbDecl(k)} == ${hi + 1}`] : []));
  return tests.length > 0 ? tests.join(' || ') : 'false';
}

/** ops/rcu-callbacks.ts callbackBlocked: rcu_barrier()'s wait waits while a slot it noted is queued or running. */
export function callbackGuard(p: Program, c: Ctx, i: CallbackInstr): string {
  if (i.kind !== 'rcu_barrier_wait') return 'true';
  const objs = callbackObjects(p);
  if (objs.length === 0 || !barrierFrames(p).includes(c.frame)) return 'true';
  const waits = objs.map((_, k) => {
    const live = [`${cbDecl(k)} != 0`, ...[...Array(p.cpus).keys()].flatMap((cpu) => running(p, k, cpu))];
    return `!((((${barrierVar(c.frame)} >> ${k}) & 1) != 0) && (${live.join(' || ')}))`;
  });
  return `(${waits.join(' && ')})`;
}

/** ops/rcu-callbacks.ts callbackStep: emits what the step does, up to (not including) the pc update. */
export function emitCallback(x: StepCx, i: CallbackInstr, ptr: string): void {
  const { e, c, p } = x;
  const objs = callbackObjects(p);
  const misuse = (bad: string): void => e.check(bad, x.fault('misuse'));
  switch (i.kind) {
    case 'call_rcu': case 'kfree_rcu': {
      const queued = objs.flatMap((o, k) => ((i.decls[o] ?? -1) >= 0 ? [[o, k, i.decls[o]!] as const] : []));
      e.line('if');
      for (const [o, k, h] of queued) {
        e.line(`:: ${ptr} == ${PTR_BASE + o} ->`);
        const mark = e.mark();
        e.open('');
        // Queuing writes the callback head, a field of the object: a freed object is a use-after-free.
        const head = p.objects[o]!.fields.values().next().value;
        const owner = head === undefined ? -1 : (p.locOwner[head] ?? -1);
        if (owner >= 0) e.check(freedVar(String(owner)), x.fault('use-after-free'));
        misuse(`${cbDecl(k)} != 0`);
        e.line(`${cbDecl(k)} = ${h + 1}; ${cbCpu(k)} = ${c.cpu};`);
        // ops/rcu.ts startGracePeriod in the slot's words of this CPU.
        const cpus = [...Array(p.cpus).keys()];
        e.line(`${cbGp(p, c.cpu, k)} = ${cpus.map((n) => `(${inRcuReader(p, n)} -> ${1 << n} : 0)`).join(' + ')};`);
        if (isTso(p)) e.line(`${cbGpb(p, c.cpu, k)} = ${cpus.map((n) => `((!${inRcuReader(p, n)} && ${sbCount(n)} != 0) -> ${1 << n} : 0)`).join(' + ')};`);
        e.closeTo(mark);
      }
      e.line(`:: else -> ${x.fault('misuse')}`);
      e.line('fi;');
      e.whileLive();
      return;
    }
    case 'rcu_barrier_start': {
      // Both barriers sleep: a misuse in atomic context. Each notes its own class of callbacks.
      misuse(inRcuReader(p, c.cpu));
      if (!barrierFrames(p).includes(c.frame) || objs.length === 0) return;
      const kvfree = i.kvfree === true;
      const bits = objs.flatMap((_, k) => [`((${queuedFor(p, k, kvfree)}) -> ${1 << k} : 0)`, ...[...Array(p.cpus).keys()].flatMap((n) => running(p, k, n, kvfree).map((r) => `(${r} -> ${1 << k} : 0)`))]);
      e.line(`${barrierVar(c.frame)} = ${bits.join(' | ')};`);
      return;
    }
    case 'rcu_barrier_wait': return;
    default: assertNever(i.kind);
  }
}
