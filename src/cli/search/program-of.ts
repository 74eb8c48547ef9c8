// The Program a SearchRequest names, lowered again from its text (on a worker thread). Lowering is
// deterministic, so this is the Program the main thread holds; the pool checks the fingerprints.
import { InternalError } from '../../common/assert-never.js';
import { ablate, ablationSites } from '../../explore/ablate.js';
import { loadLitmus } from '../../litmus/load.js';
import type { Program } from '../../machine/program.js';
import { loadScenario } from '../../scenario/load.js';
import { readImport } from '../import-reader.js';
import type { SearchRequest, SearchSource } from './request.js';

/** A worker usually gets many cases of one file: lower each source once. */
export class ProgramCache {
  private readonly bySource = new Map<string, readonly Program[]>();

  programOf(r: SearchRequest): Program {
    const all = this.lowered(r.source);
    const p = r.source.frontEnd === 'litmus' ? all[0] : all.find((x) => x.variant === r.variant && x.strategy === r.strategy);
    if (!p) throw new InternalError(`a worker found no case ${r.variant}/${r.strategy} in ${r.source.file}`);
    if (r.ablate === undefined) return p;
    const site = ablationSites(p)[r.ablate];
    if (!site) throw new InternalError(`a worker found no ablation site ${r.ablate} in ${r.source.file}`);
    return ablate(p, site);
  }

  private lowered(s: SearchSource): readonly Program[] {
    const key = JSON.stringify([s.frontEnd, s.file, s.text, s.strategies, s.cpus ?? null, s.memoryModel ?? null]);
    let programs = this.bySource.get(key);
    if (!programs) {
      programs = lower(s);
      this.bySource.set(key, programs);
    }
    return programs;
  }
}

function lower(s: SearchSource): readonly Program[] {
  const mm = s.memoryModel ? { memoryModel: s.memoryModel } : {};
  if (s.frontEnd === 'litmus') {
    const l = loadLitmus(s.file, s.text, mm);
    if (l.kind !== 'ok') throw new InternalError(`${s.file} lowered on the main thread but not on a worker`);
    return [l.value.program];
  }
  if (s.memoryModel === 'lkmm') throw new InternalError(`${s.file}: a scenario reached a worker under lkmm (check refuses it)`);
  const l = loadScenario(s.file, s.text, { imports: readImport, strategies: s.strategies, ...(s.cpus ? { cpus: s.cpus } : {}), ...(s.memoryModel ? { memoryModel: s.memoryModel } : {}) });
  if (!l.ok) throw new InternalError(`${s.file} lowered on the main thread but not on a worker`);
  return l.value.cases.map((c) => c.program);
}
