// The Promela export bounds a run as machine/run-bound.ts counts it, with the sleeping locks'
// switches and the wait loops' passes: the refusal of programs whose runs may pass max_steps
// (refuse.ts) and pan's depth (cli/spin/engine.ts). Pure.
export { runBoundCounting as modelRunBound, wakesInWaitLoop } from '../machine/run-bound.js';
export { workerUnbounded } from '../machine/worker-passes.js';
