// The memory layer behind one interface, so store buffers (TSO) arrive as a new implementation
// plus a drain move, not as `if (tso)` scattered through step.ts. Pure. The interface is declared
// in exec.ts beside the step context whose methods it takes (an Exec holds its MemoryModel, so two
// files would import each other); it is named here, where sc.ts and tso.ts find it.
export type { MemoryModel } from '../exec.js';
