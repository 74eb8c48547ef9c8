// The Promela export bounds a run as the machine does (machine/run-bound.ts): the refusal of
// programs whose runs may pass max_steps (refuse.ts) and pan's depth (cli/spin/engine.ts). Pure.
export { runBound as modelRunBound } from '../machine/run-bound.js';
