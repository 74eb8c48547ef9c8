// The `state:` of a scenario or a strategy: cells, per-CPU cells, arrays, objects and locks, with
// their initial values; and the bound on how much memory one program's state may take. Pure.
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { Span } from '../common/span.js';
import type { ArrayDeclAst, CellDecl, LockDeclAst, LockKindAst, Named, ObjectDeclAst, PoolDeclAst, StateAst, ValueAst, WaitDeclAst, WorkDeclAst } from './ast.js';
import { MAX_NAME_LENGTH } from './syntax/lexer.js';
import { shown, type YamlReader } from './yaml-reader.js';

const STATE_KEYS = ['cells', 'percpu', 'arrays', 'objects', 'locks', 'pools', 'srcu', 'waits', 'works'];
/** Objects one pool may hold: each is an object of every program's state, and of its reduction's bitmasks. */
export const MAX_POOL_SIZE = 16;

const WAIT_KINDS = "'wait_queue_head' or 'completion'";
const LOCK_KINDS = "'spinlock', 'rwlock' (the kernel's qrwlock), 'rwlock fair', 'rwlock unfair', 'seqlock', 'mutex' or 'rw_semaphore'";

/**
 * A lock kind as written. `rwlock` alone is Linux's queued rwlock (kernel/locking/qrwlock.c):
 * fair to task readers, unfair to readers in interrupt context; `fair` and `unfair` make every
 * reader one or the other. `seqlock` is a seqlock_t: a sequence count beside a spinlock.
 */
export function lockKind(text: string): LockKindAst | null {
  const words = text.trim().split(/\s+/);
  if (words.length === 1 && words[0] === 'spinlock') return { kind: 'spinlock', readers: 'qrwlock' };
  if (words.length === 1 && words[0] === 'seqlock') return { kind: 'seqlock', readers: 'qrwlock' };
  // The sleeping locks (ops/sleeping-lock.ts): DEFINE_MUTEX, DECLARE_RWSEM.
  if (words.length === 1 && (words[0] === 'mutex' || words[0] === 'rw_semaphore')) return { kind: words[0], readers: 'qrwlock' };
  if (words[0] !== 'rwlock' || words.length > 2) return null;
  if (words.length === 1) return { kind: 'rwlock', readers: 'qrwlock' };
  return words[1] === 'fair' || words[1] === 'unfair' ? { kind: 'rwlock', readers: words[1] } : null;
}

/** A field's value when it is a lock kind (`lock: spinlock`, `lock: rwlock fair`), else null. */
function fieldLock(node: unknown): LockKindAst | null {
  return isScalar(node) && typeof (node as Scalar).value === 'string' ? lockKind((node as Scalar).value as string) : null;
}
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function named(r: YamlReader, key: unknown, what: string): Named {
  const sp = r.span(key);
  const text = isScalar(key) ? String((key as Scalar).value) : '';
  if (!IDENT.test(text)) r.error(sp, `${shown(text)} is not a valid name for ${what}`, 'an identifier: letters, digits and _');
  else checkLength(r, sp, text);
  return { name: text, span: sp };
}

/** Names reach messages and traces: one pasted by mistake must not be a megabyte long. */
export function checkLength(r: YamlReader, span: Span, name: string): void {
  if (name.length > MAX_NAME_LENGTH) r.error(span, `the name ${shown(name)} is ${name.length} characters long`, `at most ${MAX_NAME_LENGTH} characters`);
}

function readValue(r: YamlReader, node: unknown): ValueAst | null {
  if (node === null || node === undefined) return null;
  const sp = r.span(node);
  if (isScalar(node)) {
    const v = (node as Scalar).value;
    // YAML's core schema reads NULL, null and ~ as null; here they are the kernel's NULL pointer.
    if (v === null) return r.text.slice(sp.start, sp.end).trim() === '' ? null : { k: 'name', name: 'NULL', span: sp };
    if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 32) return { k: 'int', v: v | 0, span: sp };
    if (typeof v === 'number') {
      // An initial value all the same, only not one that fits a cell.
      const literal = r.text.slice(sp.start, Math.min(sp.end, sp.start + 64)).trim() + (sp.end - sp.start > 64 ? '…' : '');
      r.error(sp, `${literal} is ${Number.isInteger(v) ? 'out of the int32 range' : 'not a whole number'}`, `an integer from ${-(2 ** 31)} to ${2 ** 32 - 1}`);
      return null;
    }
    if (typeof v === 'boolean') return { k: 'int', v: v ? 1 : 0, span: sp };
    if (typeof v === 'string' && IDENT.test(v)) return { k: 'name', name: v, span: sp };
  }
  r.error(sp, 'not an initial value', 'an integer, NULL, a constant or an object name');
  return null;
}

function readDims(r: YamlReader, node: unknown): number[] {
  if (isSeq(node)) return r.seq(node, "'size'").map((n) => r.int(n, 'an array dimension', 1, 1024) ?? 1);
  return [r.int(node, "'size'", 1, 1024) ?? 1];
}

export function readState(r: YamlReader, node: unknown): StateAst {
  const cells: CellDecl[] = [];
  const arrays: ArrayDeclAst[] = [];
  const objects: ObjectDeclAst[] = [];
  const locks: LockDeclAst[] = [];
  if (node === undefined) return { cells, arrays, objects, locks };
  const m = r.map(node, "'state'", STATE_KEYS);
  if (!m) return { cells, arrays, objects, locks };
  for (const p of r.entries(m.get('cells')?.value, "'cells'")) cells.push({ ...named(r, p.key, 'a cell'), init: readValue(r, p.value) });
  const readArray = (p: { key: unknown; value: unknown }, percpu: boolean): void => {
    const n = named(r, p.key, percpu ? 'a per-CPU cell' : 'an array');
    if (isMap(p.value)) {
      const am = r.map(p.value, `array ${shown(n.name)}`, ['size', 'init'], percpu ? [] : ['size']);
      const size = am?.get('size');
      const dims: (number | 'cpus')[] = size ? readDims(r, size.value) : [];
      arrays.push({ ...n, dims: percpu ? ['cpus', ...dims] : dims, init: readValue(r, am?.get('init')?.value) });
    } else if (percpu) {
      arrays.push({ ...n, dims: ['cpus'], init: readValue(r, p.value) });
    } else {
      r.error(r.span(p.value), `array ${shown(n.name)} needs a size`, "a mapping with 'size' and optional 'init'");
    }
  };
  for (const p of r.entries(m.get('percpu')?.value, "'percpu'")) readArray(p, true);
  for (const p of r.entries(m.get('arrays')?.value, "'arrays'")) readArray(p, false);
  for (const p of r.entries(m.get('objects')?.value, "'objects'")) {
    const n = named(r, p.key, 'an object');
    const fields = r.entries(p.value, `object ${shown(n.name)}`).map((f) => {
      const lock = fieldLock(f.value);
      return lock ? { ...named(r, f.key, 'a field'), init: null, lock } : { ...named(r, f.key, 'a field'), init: readValue(r, f.value) };
    });
    objects.push({ ...n, fields });
  }
  for (const p of r.entries(m.get('locks')?.value, "'locks'")) {
    const n = named(r, p.key, 'a lock');
    const kind = r.string(p.value, `lock ${shown(n.name)}`, LOCK_KINDS);
    const k = kind === null ? null : lockKind(kind);
    if (k) locks.push({ ...n, ...k });
    else if (kind !== null) r.error(r.span(p.value), `unknown lock kind ${shown(kind)}`, LOCK_KINDS);
  }
  // `srcu: { ss: srcu_struct }`, as the kernel declares one (DEFINE_SRCU(ss), struct srcu_struct ss).
  const srcu: Named[] = [];
  for (const p of r.entries(m.get('srcu')?.value, "'srcu'")) {
    const n = named(r, p.key, 'an srcu_struct');
    const kind = r.string(p.value, `srcu ${shown(n.name)}`, "'srcu_struct'");
    if (kind === 'srcu_struct') srcu.push(n);
    else if (kind !== null) r.error(r.span(p.value), `unknown SRCU kind ${shown(kind)}`, "'srcu_struct'");
  }
  // `waits: { wq: wait_queue_head, done: completion }`: DECLARE_WAIT_QUEUE_HEAD(wq) and
  // DECLARE_COMPLETION(done) (include/linux/wait.h, include/linux/completion.h).
  const waits: WaitDeclAst[] = [];
  for (const p of r.entries(m.get('waits')?.value, "'waits'")) {
    const n = named(r, p.key, 'a wait queue head or completion');
    const kind = r.string(p.value, `waits ${shown(n.name)}`, WAIT_KINDS);
    if (kind === 'wait_queue_head' || kind === 'completion') waits.push({ ...n, kind });
    else if (kind !== null) r.error(r.span(p.value), `unknown wait kind ${shown(kind)}`, WAIT_KINDS);
  }
  // `works: { w: { func: fn, cpu: 1 } }`: DECLARE_WORK(w, fn) (include/linux/workqueue.h), and the
  // CPU whose kworker runs it (ops/workqueue.ts).
  const works: WorkDeclAst[] = [];
  for (const p of r.entries(m.get('works')?.value, "'works'")) {
    const n = named(r, p.key, 'a work item');
    const w = r.map(p.value, `work ${shown(n.name)}`, ['func', 'cpu'], ['func', 'cpu']);
    const func = w?.get('func');
    const fn = func ? r.string(func.value, `work ${shown(n.name)}'s func`, 'the name of a procedure with no parameters') : null;
    const cpu = w?.get('cpu') ? r.int(w.get('cpu')!.value, `work ${shown(n.name)}'s cpu`, 0, 31) : null;
    if (fn !== null && cpu !== null && func) works.push({ ...n, func: { name: fn, span: r.span(func.value) }, cpu });
  }
  const pools = readPools(r, m.get('pools')?.value);
  return { cells, arrays, objects, locks, ...(pools.length > 0 ? { pools } : {}), ...(srcu.length > 0 ? { srcu } : {}), ...(waits.length > 0 ? { waits } : {}), ...(works.length > 0 ? { works } : {}) };
}

/** `pools: { name: { fields: [next, data], size: 2, when_empty: NULL } }` (when_empty: NULL or inconclusive). */
function readPools(r: YamlReader, node: unknown): PoolDeclAst[] {
  return r.entries(node, "'pools'").flatMap((p): PoolDeclAst[] => {
    const n = named(r, p.key, 'a pool');
    const m = r.map(p.value, `pool ${shown(n.name)}`, ['fields', 'size', 'when_empty'], ['fields', 'size']);
    if (!m) return [];
    const fields = r.seq(m.get('fields')?.value, "'fields'").map((f) => named(r, f, 'a field'));
    const size = r.int(m.get('size')?.value, "'size'", 1, MAX_POOL_SIZE) ?? 1;
    const w = m.get('when_empty')?.value;
    // YAML reads NULL as null: the word as written is what counts.
    const said = w === undefined ? 'inconclusive' : isScalar(w) && (w as Scalar).value === null ? r.text.slice(r.span(w).start, r.span(w).end).trim() : r.string(w, "'when_empty'", "'NULL' or 'inconclusive'");
    if (said !== null && said !== 'NULL' && said !== 'inconclusive') r.error(r.span(w), `unknown when_empty ${shown(said)}`, "'NULL' (kmalloc returns NULL) or 'inconclusive' (the bound was too small)");
    return [{ ...n, fields, size, whenEmpty: said === 'NULL' ? 'null' : 'exhausted' }];
  });
}

/**
 * Bounds the memory one program declares. Each array is bounded on its own (4096 elements), but
 * thousands of them would make every lowering and every stored state millions of words long.
 */
export const MAX_MEMORY_WORDS = 65536;

/** Reports the declaration that takes a state (with the scenario's own, for a strategy's) past MAX_MEMORY_WORDS. */
export function checkMemorySize(r: YamlReader, st: StateAst, base: StateAst | null, cpus: number): void {
  let words = base && base !== st ? memoryWords(base, cpus).total : 0;
  for (const d of memoryWords(st, cpus).decls) {
    words += d.words;
    if (words > MAX_MEMORY_WORDS) {
      r.error(d.span, `the state is too large: ${words} memory words with ${shown(d.name)}`, `at most ${MAX_MEMORY_WORDS} cells, object fields and array elements in all`);
      return;
    }
  }
}

function memoryWords(st: StateAst, cpus: number): { total: number; decls: { name: string; span: Span; words: number }[] } {
  const decls = [
    ...st.cells.map((c) => ({ name: c.name, span: c.span, words: 1 })),
    ...st.objects.map((o) => ({ name: o.name, span: o.span, words: o.fields.length })),
    ...st.arrays.map((a) => ({ name: a.name, span: a.span, words: a.dims.reduce<number>((n, d) => n * (d === 'cpus' ? cpus : d), 1) })),
    ...(st.pools ?? []).map((pl) => ({ name: pl.name, span: pl.span, words: pl.fields.length * pl.size })),
  ];
  return { total: decls.reduce((n, d) => n + d.words, 0), decls };
}
