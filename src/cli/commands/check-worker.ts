// A worker thread of `raceway check --jobs N`: lowers each scenario it is sent again (a Program
// holds Maps and caches best rebuilt than shipped), runs the case and posts its text back.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { LineIndex } from '../../common/span.js';
import { loadScenario, type Case } from '../../scenario/load.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { checkCase, type CaseJob } from './check-case.js';
import type { CheckOptions } from './check.js';

export interface WorkerSetup {
  readonly options: CheckOptions;
  /** Whether the main thread's stdout is a terminal: the worker paints the same way. */
  readonly stdoutIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Set to 1 by the main thread on Ctrl-C. */
  readonly cancel: Int32Array;
}

export interface WorkerRequest { readonly id: number; readonly job: CaseJob }

const setup = workerData as WorkerSetup;
const out = paintFor(setup.stdoutIsTTY, setup.env);
const io: Io = {
  stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: setup.env,
  now: () => performance.now(), readStdin: async () => '', interrupted: () => Atomics.load(setup.cancel, 0) === 1,
};
// A worker usually gets many cases of one file: lower it once per (file, text).
const cache = new Map<string, { cases: readonly Case[]; lines: LineIndex }>();

parentPort!.on('message', ({ id, job }: WorkerRequest) => {
  const key = `${job.file}\u0000${job.text}`;
  let entry = cache.get(key);
  if (!entry) {
    const o = setup.options;
    const loaded = loadScenario(job.file, job.text, { strategies: o.strategy, ...(o.cpus ? { cpus: o.cpus } : {}), ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}) });
    if (!loaded.ok) throw new Error('a scenario loaded in the main thread but not in a worker');
    entry = { cases: loaded.value.cases, lines: new LineIndex(job.text) };
    cache.set(key, entry);
  }
  const c = entry.cases.find((x) => x.variant === job.variant && x.strategy === job.strategy)!;
  parentPort!.postMessage({ id, result: checkCase(job, c, entry.lines, setup.options, io, out) });
});
