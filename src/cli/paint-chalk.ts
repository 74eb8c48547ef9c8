// Colour for a stream (colour-wanted.ts decides when). Only the CLI imports chalk.
import { Chalk } from 'chalk';
import { colourWanted } from './colour-wanted.js';
import { plain, type Paint } from '../report/paint.js';

export function paintFor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): Paint {
  if (!colourWanted(isTTY, env)) return plain;
  const c = new Chalk({ level: 1 });
  return { red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan, magenta: c.magenta, bold: c.bold, dim: c.dim };
}
