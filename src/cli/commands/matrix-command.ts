// The `raceway matrix` command line: its options, and the run (matrix.ts) loaded only when the
// command is the one asked for.
import { Command, Option } from 'commander';
import { MAX_CPUS } from '../../scenario/max-cpus.js';
import { UserError, type Io } from '../io.js';
import { cpusOption, jobsOption, jsonOption, maxStatesOption, strategyOption } from '../shared-options.js';

/** The CPU counts the plot samples: powers of two up to this. */
export const PLOT_MAX_CPUS = 256;

export function matrixCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('matrix')
    .description('every strategy\'s verdict under every variant, and its cost to the reader and the writer')
    .argument('<paths...>', "scenario files, C litmus tests (.litmus) or folders (searched for both); '-' reads standard input")
    .addOption(strategyOption())
    .addOption(jsonOption('the matrix as one JSON document (same as --format json)'))
    .addOption(new Option('--format <format>', 'table, markdown or json').choices(['table', 'markdown', 'json']))
    .option('--costs <file>', 'cost profile (YAML; default: the costs/default.yaml shipped with raceway)')
    .addOption(cpusOption(`run the scenario at this many CPUs, 1 to ${PLOT_MAX_CPUS} (explored up to ${MAX_CPUS}, costed beyond)`, PLOT_MAX_CPUS))
    .option('--plot <file.svg>', `draw writer latency against CPU count (1 to ${PLOT_MAX_CPUS}) into this SVG file`)
    .addOption(maxStatesOption('stop exploring (inconclusive) after this many distinct states'))
    .addOption(jobsOption())
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      const format = (opts.format as 'table' | 'markdown' | 'json' | undefined) ?? (opts.json ? 'json' : 'table');
      if (opts.plot !== undefined && !String(opts.plot).endsWith('.svg')) throw new UserError(`--plot ${String(opts.plot)}: the plot is an SVG file (expected a name ending in .svg)`);
      const { runMatrix } = await import('./matrix.js');
      setExit(await runMatrix(paths, {
        format,
        maxStates: opts.maxStates as number,
        strategy: opts.strategy as string[],
        ...(opts.costs !== undefined ? { costs: opts.costs as string } : {}),
        ...(opts.cpus !== undefined ? { cpus: opts.cpus as number } : {}),
        ...(opts.plot !== undefined ? { plot: opts.plot as string } : {}),
        ...(opts.jobs !== undefined ? { jobs: opts.jobs as number } : {}),
      }, io));
    });
}
