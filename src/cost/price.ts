// Prices counted steps with a cost profile: nanoseconds of CPU work and of waiting. Pure.
import type { CpuCounts } from './count.js';
import type { CostProfile } from './profile.js';

export interface Priced {
  /** CPU work of the steps: accesses, fences, atomics, locks, RCU and IRQ toggles. */
  readonly workNs: number;
  /** Time spent waiting: grace periods and hazard-pointer scans. */
  readonly waitNs: number;
  readonly totalNs: number;
  readonly ipis: number;
  /** Time the IPIs take from the CPUs that receive them (not from this one). */
  readonly ipiNs: number;
}

export function price(c: CpuCounts, profile: CostProfile): Priced {
  const s = profile.steps;
  const w = profile.waits;
  const workNs = c.plainAccesses * s.plainAccess + c.remoteMisses * s.remoteMiss + c.smpMb * s.smpMb +
    c.atomicRmw * s.atomicRmw + c.lockAcquires * s.lockAcquire + c.lockReleases * s.lockRelease +
    c.rcuReadLocks * s.rcuReadLock + c.irqToggles * s.irqToggle;
  const waitNs = c.normalGps * w.normalGp + c.expeditedGps * w.expeditedGp + c.hazptrScans * w.hazptrScanPerCpu;
  return { workNs, waitNs, totalNs: workNs + waitNs, ipis: c.ipis, ipiNs: c.ipis * w.ipi };
}
