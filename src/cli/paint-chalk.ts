// Colour for a stream: on a terminal, unless NO_COLOR is set (https://no-color.org) or
// FORCE_COLOR says otherwise. Only the CLI imports chalk.
import { Chalk } from 'chalk';
import { plain, type Paint } from '../report/paint.js';

export function paintFor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): Paint {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (noColor || (!isTTY && !force)) return plain;
  const c = new Chalk({ level: 1 });
  return { red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan, magenta: c.magenta, bold: c.bold, dim: c.dim };
}
