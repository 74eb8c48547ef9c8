// The one place the CLI picks the front end for a source (source-of.ts has told which it is).
import { assertNever } from '../../common/assert-never.js';
import type { Read } from '../source-of.js';
import type { FrontEnd } from './front-end.js';
import { litmusFrontEnd } from './litmus.js';
import { scenarioFrontEnd } from './scenario.js';

export function frontEndOf(src: Read): FrontEnd {
  switch (src.frontEnd) {
    case 'litmus': return litmusFrontEnd;
    case 'scenario': return scenarioFrontEnd;
    default: return assertNever(src.frontEnd);
  }
}
