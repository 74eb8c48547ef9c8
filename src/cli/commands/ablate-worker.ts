// A worker thread of `raceway ablate`: lowers the scenario again (Programs hold Maps and caches
// best rebuilt than shipped), explores the ablations it is given and posts back their outcomes.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { ablate, ablationSites } from '../../explore/ablate.js';
import { exhaustive } from '../../explore/exhaustive.js';
import { loadScenario } from '../../scenario/load.js';

export interface WorkerJob {
  readonly file: string;
  readonly text: string;
  readonly variant: string;
  readonly strategy: string;
  readonly memoryModel?: 'sc' | 'tso';
  readonly cpus?: number;
  readonly maxStates: number;
  readonly sites: readonly number[];
}

const job = workerData as WorkerJob;
const loaded = loadScenario(job.file, job.text, {
  strategies: [job.strategy],
  ...(job.cpus ? { cpus: job.cpus } : {}),
  ...(job.memoryModel ? { memoryModel: job.memoryModel } : {}),
});
if (!loaded.ok) throw new Error('the scenario loaded in the main thread but not in a worker');
const c = loaded.value.cases.find((x) => x.variant === job.variant && x.strategy === job.strategy)!;
const sites = ablationSites(c.program);
for (const i of job.sites) {
  const outcome = exhaustive.explore(ablate(c.program, sites[i]!), { maxStates: job.maxStates, now: () => performance.now(), seed: 0 });
  parentPort!.postMessage({ index: i, outcome });
}
