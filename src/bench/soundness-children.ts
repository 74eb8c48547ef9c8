// `npm run soundness` on several cores: each configuration in a child process of its own
// (SOUNDNESS_ONLY=name, SOUNDNESS_JOBS=1), a few at a time. The children's output is printed whole
// and in the configurations' order, as soon as every earlier one has been printed, so the log
// reads as the serial run's does; a configuration's seeds depend on its place in the list, not on
// which process runs it. The totals line sums the children's.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Child { readonly name: string; output: string; code: number | null }

/** Runs each configuration in a child of `script`; resolves to the exit code (1 if any failed). */
export async function runInChildren(names: readonly string[], jobs: number, script: URL): Promise<number> {
  const children: Child[] = names.map((name) => ({ name, output: '', code: null }));
  let printed = 0;
  const flush = (): void => {
    while (printed < children.length && children[printed]!.code !== null) process.stdout.write(children[printed++]!.output);
  };
  const one = (c: Child): Promise<void> => new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(script)], {
      env: { ...process.env, SOUNDNESS_ONLY: c.name, SOUNDNESS_JOBS: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => { c.output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { c.output += d.toString(); });
    child.on('close', (code, signal) => {
      c.code = code ?? 1;
      if (signal) c.output += `${c.name}: killed by ${signal}\n`;
      flush();
      resolve();
    });
  });
  let next = 0;
  const lane = async (): Promise<void> => { while (next < children.length) await one(children[next++]!); };
  await Promise.all(Array.from({ length: Math.min(jobs, children.length) }, lane));
  let programs = 0;
  let skipped = 0;
  for (const c of children) {
    const m = /^(\d+) programs, (\d+) skipped/m.exec(c.output);
    if (m) { programs += Number(m[1]); skipped += Number(m[2]); }
  }
  console.log(`all configurations: ${programs} programs, ${skipped} skipped because the full search stopped at its bound`);
  return children.some((c) => c.code !== 0) ? 1 : 0;
}
