// Which arrays of a program are per-CPU (declared under `percpu:`, first dimension the CPU
// count), so the cost model can tell a CPU's own slot from another CPU's. Pure.
import type { Program } from '../machine/program.js';
import type { ScenarioAst } from '../scenario/ast.js';

export function percpuArrays(ast: ScenarioAst, p: Program): Set<number> {
  const strategy = ast.strategies.find((s) => s.name === p.strategy);
  const names = new Set([...ast.state.arrays, ...(strategy?.state.arrays ?? [])].filter((a) => a.dims[0] === 'cpus').map((a) => a.name));
  const out = new Set<number>();
  p.arrays.forEach((a, i) => { if (names.has(a.name)) out.add(i); });
  return out;
}
