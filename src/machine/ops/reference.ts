// The language reference's lists of primitives, generated from the registry, so the docs cannot
// drift from what the front ends accept: docs/scenario-language.md and docs/litmus.md hold these
// blocks between markers, a test compares them (reference.test.ts), and
// `node dist/src/testing/write-primitive-docs.js` rewrites them. Pure.
import { assertNever } from '../../common/assert-never.js';
import { ORDER_SUFFIXES, type ArgRole, type PrimitiveName } from './family.js';
import { FAMILIES } from './registry.js';

export const BEGIN = '<!-- primitives: generated from src/machine/ops/registry.ts; do not edit -->';
export const END = '<!-- primitives: end -->';

function roleWord(r: ArgRole): string {
  switch (r) {
    case 'lvalue': return 'x';
    case 'pointer': return '&v';
    case 'value': return 'i';
    case 'spinlock': return 'lock';
    case 'rwlock': return 'rwlock';
    case 'seqlock': return 'sl';
    case 'flags': return 'flags';
    case 'cond': return 'cond';
    case 'valcond': return 'cond on VAL';
    case 'object': return 'obj';
    case 'pool': return 'pool';
    case 'old': return '&old';
    case 'procedure': return 'release';
    case 'srcu': return '&ss';
    case 'percpu': return 'var';
    case 'rcu_head': return '&obj->head';
    case 'field': return 'head';
    case 'task': return 'task';
    case 'mutex': return '&m';
    case 'rw_semaphore': return '&sem';
    case 'waitqueue': return '&wq';
    case 'completion': return '&done';
    case 'wait_entry': return '&wait';
    case 'work': return '&w';
    case 'workqueue': return 'wq';
    default: return assertNever(r);
  }
}

/** `name(args)`, with repeated argument words numbered (`i, i2`). */
function call(n: PrimitiveName, name = n.name): string {
  const seen = new Map<string, number>();
  const args = n.roles.map((r) => {
    // wait_event() takes the wait queue head itself, not its address (include/linux/wait.h).
    const w = n.name === 'wait_event' && r === 'waitqueue' ? 'wq' : roleWord(r);
    const k = (seen.get(w) ?? 0) + 1;
    seen.set(w, k);
    return k === 1 ? w : `${w}${k}`;
  });
  return `${name}(${args.join(', ')})`;
}

/** The names of a family with their ordering forms folded into one row (`xchg{,_relaxed,...}`). */
function rows(names: readonly PrimitiveName[], args = true): { shown: string; n: PrimitiveName }[] {
  const all = new Set(names.map((n) => n.name));
  const out: { shown: string; n: PrimitiveName }[] = [];
  for (const n of names) {
    const ordered = (base: string): boolean => ORDER_SUFFIXES.every((s) => all.has(base + s));
    if (ORDER_SUFFIXES.some((s) => n.name.endsWith(s) && ordered(n.name.slice(0, -s.length)))) continue;
    const name = ordered(n.name) ? `${n.name}{,${ORDER_SUFFIXES.join(',')}}` : n.name;
    out.push({ shown: args ? call(n, name) : name, n });
  }
  return out;
}

/** The table of every primitive the scenario language accepts, family by family. */
export function scenarioReference(): string {
  const lines = [BEGIN, '', '| family | call | meaning |', '|---|---|---|'];
  for (const f of FAMILIES) for (const r of rows(f.names)) lines.push(`| ${f.name} | \`${r.shown}\` | ${r.n.doc} |`);
  lines.push('', END);
  return lines.join('\n');
}

/** The list of every primitive a C litmus body may call. */
export function litmusReference(): string {
  const lines = [BEGIN, ''];
  for (const f of FAMILIES) {
    const names = rows(f.names.filter((n) => n.litmus), false);
    if (names.length > 0) lines.push(`- ${f.name}: ${names.map((r) => `\`${r.shown}\``).join(', ')}`);
  }
  lines.push('', END);
  return lines.join('\n');
}

/** `text` with its generated block replaced by `block`, or null when it has no block. */
export function withBlock(text: string, block: string): string | null {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return null;
  return text.slice(0, a) + block + text.slice(b + END.length);
}
