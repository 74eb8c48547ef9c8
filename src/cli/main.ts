// The command line: parses argv with commander and hands each command to its module, loaded only
// when that command runs (a check does not load matrix's cost model, nor export's Promela writer).
// main() takes its I/O as a parameter and returns the exit code; it never calls process.exit.
import type { MemoryModelName } from '../machine/program.js';
import { Command, CommanderError, Option } from 'commander';
import { matrixCommand } from './commands/matrix-command.js';
import { schemaCommand } from './commands/schema.js';
import { FORMATS, type Format } from '../report/formats.js';
import { SCHEDULER_NAMES, type SchedulerName } from '../explore/random/scheduler.js';
import { rangedOption, withRange } from './int-option.js';
import { internalErrorText, INTERNAL_EXIT } from './internal-error.js';
import { UserError, type Io } from './io.js';
import { MAX_CPUS } from '../scenario/max-cpus.js';
import { cpusOption, jobsOption, jsonOption, maxStatesOption, memoryModelOption, outputOption, strategyOption, variantOption } from './shared-options.js';

export const VERSION = '0.1.0';

/** The CLI, not the core, picks a seed when none is given; it is always printed. */
function pickSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('raceway')
    .description('Explore kernel-style race scenarios (CPUs, IRQs, NMIs) on a virtual SMP machine.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run raceway --help for usage)');

  program.command('check')
    .description('explore every interleaving of each scenario and strategy; compare with the expectations')
    .argument('<paths...>', "scenario files, C litmus tests (.litmus) or folders (searched for both); '-' reads standard input")
    .addOption(strategyOption())
    .addOption(variantOption())
    .addOption(jsonOption('one JSON object per line per result'))
    .addOption(maxStatesOption())
    .option('--timeout <seconds>', withRange('stop (inconclusive) after this long per result', '--timeout'), rangedOption('--timeout'))
    .option('--first', 'stop each search at its first violation', false)
    .option('--summary', 'verdict lines only, no counterexample tables', false)
    .option('--full', 'print every counterexample in full, also those that met their expectation (by default one line each, with its replay token)', false)
    .addOption(memoryModelOption('override the memory model (a .litmus file defaults to lkmm)', ['sc', 'tso', 'lkmm']))
    .addOption(cpusOption())
    .addOption(new Option('--format <format>', "how counterexamples print (docs/formats.md); 'herd' prints herd7's layout for C litmus tests").choices([...FORMATS, 'herd']))
    .addOption(outputOption('write the output to this file (whole, or not at all)'))
    .option('--no-reduction', 'explore every interleaving (no partial-order reduction)')
    .option('--no-symmetry', 'store every state, not one per permutation of interchangeable CPUs')
    .option('--preemption-bound <k>', withRange('at most K preemptions per run (CHESS); never gives safe', '--preemption-bound'), rangedOption('--preemption-bound'))
    .option('--max-memory <mb>', withRange('stop (inconclusive) once stored states take this many MB', '--max-memory'), rangedOption('--max-memory'))
    .option('--progress', 'progress lines on stderr even with --json or without a terminal', false)
    .addOption(new Option('--mode <mode>', 'random search, exhaustive search, or a random budget then exhaustive').choices(['random', 'exhaustive', 'both']).default('both'))
    .option('--runs <n>', withRange('random schedules per result', '--runs'), rangedOption('--runs'))
    .option('--seed <n>', withRange('seed of the random search (printed when not given)', '--seed'), rangedOption('--seed'))
    .option('--depth <d>', withRange("PCT's bug depth d (d-1 priority change points)", '--depth'), rangedOption('--depth'))
    .addOption(new Option('--scheduler <name>', 'random scheduler').choices([...SCHEDULER_NAMES]))
    .option('--shortest', 'breadth-first exhaustive search: shortest counterexamples', false)
    .addOption(jobsOption())
    .addOption(new Option('--engine <engine>', "the model checker: raceway's own search, or Spin (installed apart; docs/spin.md)").choices(['raceway', 'spin']).default('raceway'))
    .option('--bitstate', 'with --engine spin: bitstate hashing, for models too big to store whole (never gives safe)', false)
    .option('--swarm <n>', withRange('with --engine spin: a swarm of N diversified bitstate runs over --jobs cores (never gives safe; docs/spin.md)', '--swarm'), rangedOption('--swarm'))
    .option('--swarm-from <dir>', 'with --engine spin: read the runs of a swarm run elsewhere (export --swarm-script) from this folder')
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      const { runCheck } = await import('./commands/check.js');
      setExit(await runCheck(paths, {
        engine: opts.engine as 'raceway' | 'spin',
        ...(opts.bitstate ? { bitstate: true } : {}),
        ...(opts.swarm !== undefined ? { swarm: opts.swarm as number } : {}),
        ...(opts.swarmFrom !== undefined ? { swarmFrom: opts.swarmFrom as string } : {}),
        ...(opts.format !== undefined ? { format: opts.format as Format | 'herd' } : {}),
        ...(opts.output !== undefined ? { output: opts.output as string } : {}),
        strategy: opts.strategy as string[],
        variant: opts.variant as string[],
        json: opts.json as boolean,
        maxStates: opts.maxStates as number,
        first: opts.first as boolean,
        summary: opts.summary as boolean,
        full: opts.full as boolean,
        ...(opts.timeout !== undefined ? { timeout: opts.timeout as number } : {}),
        ...(opts.cpus !== undefined ? { cpus: opts.cpus as number } : {}),
        reduction: opts.reduction !== false,
        symmetry: opts.symmetry !== false,
        progress: opts.progress as boolean,
        ...(opts.preemptionBound !== undefined ? { preemptionBound: opts.preemptionBound as number } : {}),
        ...(opts.maxMemory !== undefined ? { maxMemoryMb: opts.maxMemory as number } : {}),
        ...(opts.memoryModel !== undefined ? { memoryModel: opts.memoryModel as MemoryModelName } : {}),
        mode: opts.mode as 'random' | 'exhaustive' | 'both',
        seed: opts.seed !== undefined ? (opts.seed as number) : pickSeed(),
        shortest: opts.shortest as boolean,
        ...(opts.runs !== undefined ? { runs: opts.runs as number } : {}),
        ...(opts.depth !== undefined ? { depth: opts.depth as number } : {}),
        ...(opts.scheduler !== undefined ? { scheduler: opts.scheduler as SchedulerName } : {}),
        ...(opts.jobs !== undefined ? { jobs: opts.jobs as number } : {}),
      }, io));
    });

  program.command('replay')
    .description('re-execute a counterexample from its replay token and print its table')
    .argument('<file>', 'the scenario file the token was made from')
    .requiredOption('-s, --strategy <name>', 'the strategy the token was made for')
    .option('--variant <name>', 'the variant (needed when the scenario has several)')
    .requiredOption('--token <token>', 'the replay token printed by raceway check')
    .addOption(jsonOption('one JSON object'))
    .addOption(new Option('--format <format>', 'how the counterexample prints, as for check (docs/formats.md)').choices([...FORMATS]))
    .addOption(cpusOption(`the --cpus the token was made with (1 to ${MAX_CPUS})`))
    .addOption(memoryModelOption('the --memory-model the token was made with', ['sc', 'tso', 'lkmm']))
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { runReplay } = await import('./commands/replay.js');
      setExit(await runReplay(file, {
        strategy: opts.strategy as string,
        token: opts.token as string,
        json: opts.json as boolean,
        ...(opts.format !== undefined ? { format: opts.format as Format } : {}),
        ...(opts.variant !== undefined ? { variant: opts.variant as string } : {}),
        ...(opts.cpus !== undefined ? { cpus: opts.cpus as number } : {}),
        ...(opts.memoryModel !== undefined ? { memoryModel: opts.memoryModel as MemoryModelName } : {}),
      }, io));
    });
  program.command('validate')
    .description('report every mistake in each scenario (file:line:col), exploring nothing; exit 0 when all are valid, 2 otherwise')
    .argument('<paths...>', "scenario files or folders (searched for .yaml); '-' reads standard input")
    .action(async (paths: string[]) => {
      const { runValidate } = await import('./commands/validate.js');
      setExit(await runValidate(paths, io));
    });

  program.command('ablate')
    .description('remove each barrier and wait, and each pair (lock/unlock, IRQ save/restore, RCU, preemption), in turn; show which the verdict rests on')
    .argument('<file>', 'a scenario file')
    .addOption(strategyOption())
    .addOption(variantOption())
    .addOption(jsonOption('one JSON object per line per ablation'))
    .addOption(maxStatesOption())
    .addOption(jobsOption())
    .addOption(memoryModelOption('override the scenario memory model', ['sc', 'tso', 'lkmm']))
    .addOption(cpusOption())
    .addOption(new Option('--markings', 'also make each READ_ONCE()/WRITE_ONCE() plain, one statement at a time: which markings keep it free of data races'))
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { runAblate } = await import('./commands/ablate.js');
      setExit(await runAblate(file, {
        strategy: opts.strategy as string[],
        variant: opts.variant as string[],
        json: opts.json as boolean,
        maxStates: opts.maxStates as number,
        ...(opts.jobs !== undefined ? { jobs: opts.jobs as number } : {}),
        ...(opts.cpus !== undefined ? { cpus: opts.cpus as number } : {}),
        ...(opts.memoryModel !== undefined ? { memoryModel: opts.memoryModel as MemoryModelName } : {}),
        ...(opts.markings === true ? { markings: true } : {}),
      }, io));
    });
  program.command('export')
    .description('write the Promela model of one variant and strategy, for Spin (docs/spin.md)')
    .argument('<file>', 'a scenario file or a C litmus test')
    .requiredOption('--promela', 'the format (the only one so far)')
    .addOption(strategyOption('the strategy (needed when the scenario has several)'))
    .addOption(variantOption('the variant (needed when the scenario has several)'))
    .addOption(outputOption('write the model to this file (whole, or not at all)'))
    .option('--swarm-script <dir>', 'write the model and a script that runs a swarm of Spin searches of it, on this machine or spread over several (docs/spin.md)')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { runExport } = await import('./commands/export.js');
      setExit(await runExport(file, {
        strategy: opts.strategy as string[],
        variant: opts.variant as string[],
        ...(opts.output !== undefined ? { output: opts.output as string } : {}),
        ...(opts.swarmScript !== undefined ? { swarmScript: opts.swarmScript as string } : {}),
      }, io));
    });

  // Added, not made by .command(): it inherits nothing unless told, and without exitOverride a
  // usage mistake exited 1 from inside commander.
  program.addCommand(matrixCommand(io, setExit).copyInheritedSettings(program));
  program.addCommand(schemaCommand(io, setExit).copyInheritedSettings(program));
  return program;
}

/** Runs raceway; resolves to the exit code. Only internal errors produce a stack trace. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    if (argv.length === 0) {
      io.stderr(program.helpInformation());
      return 2;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has already printed its message; help and version are not errors.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (e instanceof UserError) {
      io.stderr(`raceway: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(internalErrorText(e));
    return INTERNAL_EXIT;
  }
}
