// Per-CPU variables by kernel name (Documentation/core-api/this_cpu_ops.rst, include/linux/
// percpu-defs.h, include/asm-generic/percpu.h). A per-CPU variable is a `percpu:` cell of the
// scenario, whose slot c is CPU c's copy: this_cpu_read(var) is a READ_ONCE of this CPU's slot,
// this_cpu_write(var, v) a WRITE_ONCE of it, and per_cpu(var, cpu) the slot of CPU cpu (also an
// lvalue: per_cpu(var, 1) = 0, READ_ONCE(per_cpu(var, c))). The read-modify-writes follow the
// generic this_cpu_generic_to_op(): IRQs saved and disabled around a load and a store of this
// CPU's slot (scenario/lower/compile-code.ts), safe against IRQs on the same CPU, not against
// another CPU writing the slot, as this_cpu_ops.rst says of remote writes.
import type { Family } from './family.js';

export const percpu: Family = {
  name: 'percpu',
  cpuSymmetric: true, // a per-CPU array's slots are permuted with their CPUs; a constant index pins its CPU (symmetry-groups.ts)
  names: [
    { name: 'this_cpu_read', roles: ['percpu'], litmus: false, doc: "this CPU's slot of var (READ_ONCE)", lower: { to: 'load', order: 'once' } },
    { name: 'this_cpu_write', roles: ['percpu', 'value'], litmus: false, doc: "stores i into this CPU's slot of var (WRITE_ONCE)", lower: { to: 'store', order: 'once' } },
    { name: 'this_cpu_inc', roles: ['percpu'], litmus: false, doc: "adds 1 to this CPU's slot, IRQs off around the load and store", lower: { to: 'percpu_add', add: 1 } },
    { name: 'this_cpu_dec', roles: ['percpu'], litmus: false, doc: 'subtracts 1, the same way', lower: { to: 'percpu_add', add: -1 } },
    { name: 'this_cpu_add', roles: ['percpu', 'value'], litmus: false, doc: 'adds i, the same way', lower: { to: 'percpu_add' } },
    { name: 'this_cpu_sub', roles: ['percpu', 'value'], litmus: false, doc: 'subtracts i, the same way', lower: { to: 'percpu_add', negate: true } },
    { name: 'per_cpu', roles: ['percpu', 'value'], litmus: false, doc: 'the slot of CPU i (a plain access; also a location: per_cpu(var, i) = v)', lower: { to: 'load', order: 'plain', ofCpu: true } },
  ],
  known: ['__this_cpu_read', '__this_cpu_write', '__this_cpu_inc', '__this_cpu_dec', '__this_cpu_add', 'raw_cpu_read', 'raw_cpu_write', 'this_cpu_ptr', 'per_cpu_ptr', 'this_cpu_cmpxchg', 'this_cpu_xchg', 'this_cpu_add_return'],
};
