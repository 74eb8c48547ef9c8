// `raceway schema`: the JSON Schema of scenarios as shipped, for editors; `--path` prints where the
// installed copy is. A scenario copied out of scenarios/ loses its relative modeline, so the docs
// point editors at this path (a modeline or yaml.schemas), which survives copying.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { UserError, type Io } from '../io.js';
import { packageRoot } from '../package-root.js';

export const schemaPath = (): string => join(packageRoot, 'schema', 'scenario.schema.json');

export function schemaCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('schema')
    .description('print the JSON Schema of scenarios (for editors); --path prints where the installed file is')
    .option('--path', 'print the absolute path of the schema file instead of its text', false)
    .action((opts: { path: boolean }) => {
      const file = schemaPath();
      if (opts.path) {
        io.stdout(`${file}\n`);
      } else {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new UserError(`${file}: cannot read the schema shipped with raceway (${(e as NodeJS.ErrnoException).code ?? String(e)}); reinstall raceway`);
        }
        io.stdout(text);
      }
      setExit(0);
    });
}
