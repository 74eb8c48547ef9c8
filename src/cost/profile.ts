// A cost profile: nanoseconds per kind of step and per wait, read from YAML (costs/default.yaml
// is the shipped default). Pure: the caller reads the file; mistakes come back as diagnostics.
import { isScalar, LineCounter, parseDocument, type Scalar } from 'yaml';
import { fail, ok, type Result } from '../common/diagnostic.js';
import { YamlReader } from '../scenario/yaml-reader.js';

/** Every field is in nanoseconds. */
export interface StepCosts {
  readonly plainAccess: number;
  readonly smpMb: number;
  readonly atomicRmw: number;
  readonly lockAcquire: number;
  readonly lockRelease: number;
  readonly remoteMiss: number;
  readonly rcuReadLock: number;
  readonly irqToggle: number;
}

export interface WaitCosts {
  readonly normalGp: number;
  readonly expeditedGp: number;
  /** Charged to each CPU that receives an IPI, not to the writer (see docs/costs.md). */
  readonly ipi: number;
  readonly hazptrScanPerCpu: number;
}

export interface CostProfile {
  readonly name: string;
  readonly description: string;
  readonly steps: StepCosts;
  readonly waits: WaitCosts;
}

/** YAML key -> field, in the order the profile file lists them. */
const STEP_KEYS = [
  ['plain_access', 'plainAccess'], ['smp_mb', 'smpMb'], ['atomic_rmw', 'atomicRmw'],
  ['lock_acquire', 'lockAcquire'], ['lock_release', 'lockRelease'], ['remote_miss', 'remoteMiss'],
  ['rcu_read_lock', 'rcuReadLock'], ['irq_toggle', 'irqToggle'],
] as const;
const WAIT_KEYS = [
  ['normal_gp', 'normalGp'], ['expedited_gp', 'expeditedGp'], ['ipi', 'ipi'], ['hazptr_scan_per_cpu', 'hazptrScanPerCpu'],
] as const;

export function parseCostProfile(file: string, text: string): Result<CostProfile> {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    return fail(doc.errors.map((e) => ({ span: { file, start: e.pos[0], end: e.pos[1] }, message: `YAML: ${e.message.split('\n')[0] ?? ''}` })));
  }
  const r = new YamlReader(file, text);
  const top = r.map(doc.contents, 'a cost profile', ['profile', 'description', 'steps', 'waits'], ['steps', 'waits']);
  if (!top) return fail(r.errors);
  const name = top.get('profile') ? (r.string(top.get('profile')!.value, "'profile'") ?? '') : file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  const description = top.get('description') ? (r.string(top.get('description')!.value, "'description'") ?? '') : '';
  const section = <K extends string>(key: string, keys: readonly (readonly [string, K])[]): Record<K, number> => {
    const node = top.get(key)?.value;
    const m = r.map(node, `'${key}'`, keys.map(([k]) => k), keys.map(([k]) => k));
    const out = {} as Record<K, number>;
    for (const [k, field] of keys) out[field] = m?.get(k) ? nanoseconds(r, m.get(k)!.value, `'${key}.${k}'`) : 0;
    return out;
  };
  const steps: StepCosts = section('steps', STEP_KEYS);
  const waits: WaitCosts = section('waits', WAIT_KEYS);
  if (r.errors.length > 0) return fail(r.errors);
  return ok({ name, description, steps, waits });
}

function nanoseconds(r: YamlReader, node: unknown, what: string): number {
  if (isScalar(node) && typeof (node as Scalar).value === 'number') {
    const v = (node as Scalar).value as number;
    if (Number.isFinite(v) && v >= 0 && v <= 1e12) return v;
  }
  r.error(r.span(node), `${what} must be a number of nanoseconds`, 'a number from 0 to 1e12');
  return 0;
}
