// Whether a stream gets colour: on a terminal, unless NO_COLOR is set (https://no-color.org) or
// FORCE_COLOR says otherwise. Apart from chalk, so a command can decide before it loads chalk.
export function colourWanted(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return !noColor && (isTTY || force);
}
