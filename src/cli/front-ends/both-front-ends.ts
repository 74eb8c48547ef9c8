// frontEndOf for the commands that take either kind of source and load both front ends at once
// (validate, matrix, and through file-cases.ts replay, ablate and export): no await per file.
import type { Read } from '../source-of.js';
import type { FrontEnd } from './front-end.js';
import { byFrontEnd } from './front-end-of.js';
import { litmusFrontEnd } from './litmus.js';
import { scenarioFrontEnd } from './scenario.js';

export function frontEndOf(src: Read): FrontEnd {
  return byFrontEnd(src, { litmus: () => litmusFrontEnd, scenario: () => scenarioFrontEnd });
}
