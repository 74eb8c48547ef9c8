// check's colour, with chalk loaded only when the stream gets colour: a check whose output goes
// to a file, a pipe or CI does not load it (issue 22, start-up; check-loads.test.ts).
import { colourWanted } from './colour-wanted.js';
import { plain, type Paint } from '../report/paint.js';

export async function loadPaint(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): Promise<Paint> {
  return colourWanted(isTTY, env) ? (await import('./paint-chalk.js')).paintFor(isTTY, env) : plain;
}
