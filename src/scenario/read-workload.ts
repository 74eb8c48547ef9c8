// Reads the optional `workload:` key of a scenario: which CPU is the reader and which the writer,
// how many updates the workload makes, and figures measured on real hardware. Pure.
import { isScalar, type Scalar } from 'yaml';
import type { MeasuredAst, WorkloadAst } from './ast.js';
import type { YamlReader } from './yaml-reader.js';

const KEYS = ['description', 'reader', 'writer', 'writer_calls', 'reader_calls_per_second', 'measured'];
const MEASURED_KEYS = ['strategy', 'cpus', 'writer_ns', 'label'];

export function readWorkload(r: YamlReader, node: unknown, maxCpus: number): WorkloadAst | null {
  const m = r.map(node, "'workload'", KEYS, ['reader', 'writer']);
  if (!m) return null;
  const cpu = (k: string): number => (m.get(k) ? (r.int(m.get(k)!.value, `'workload.${k}'`, 0, maxCpus - 1) ?? 0) : 0);
  const measured = r.seq(m.get('measured')?.value, "'workload.measured'").flatMap((item): MeasuredAst[] => {
    const mm = r.map(item, 'a measured figure', MEASURED_KEYS, ['strategy', 'writer_ns', 'label']);
    if (!mm) return [];
    const s = mm.get('strategy')!.value;
    return [{
      strategy: { name: r.string(s, "'strategy'") ?? '', span: r.span(s) },
      cpus: mm.get('cpus') ? r.int(mm.get('cpus')!.value, "'cpus'", 1, 1 << 20) : null,
      writerNs: number(r, mm.get('writer_ns')!.value, "'writer_ns'"),
      label: r.string(mm.get('label')!.value, "'label'") ?? '',
      span: r.span(item),
    }];
  });
  const rate = m.get('reader_calls_per_second');
  return {
    description: m.get('description') ? (r.string(m.get('description')!.value, "'workload.description'") ?? '') : '',
    readerCpu: cpu('reader'),
    writerCpu: cpu('writer'),
    writerCalls: m.get('writer_calls') ? (r.int(m.get('writer_calls')!.value, "'workload.writer_calls'", 1, 1_000_000_000) ?? 1) : 1,
    readerCallsPerSecond: rate ? number(r, rate.value, "'workload.reader_calls_per_second'") : null,
    measured,
    span: r.span(node),
  };
}

function number(r: YamlReader, node: unknown, what: string): number {
  if (isScalar(node) && typeof (node as Scalar).value === 'number' && Number.isFinite((node as Scalar).value) && ((node as Scalar).value as number) >= 0) {
    return (node as Scalar).value as number;
  }
  r.error(r.span(node), `${what} must be a number`, 'a number of at least 0');
  return 0;
}
