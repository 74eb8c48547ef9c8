// `npm run crosscheck`: every shipped scenario's every (variant, strategy) through raceway's
// exhaustive search and through Spin (docs/spin.md); exits 1 on any disagreement of verdict,
// violation kinds or observation, and prints the states each engine stored side by side.
// Without spin installed it says so and exits 0 (CI installs it where it can).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crosscheck } from '../cli/spin/crosscheck.js';
import { randomCrosscheck } from './crosscheck-random.js';
import { repoRoot } from '../testing/repo-root.js';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const f = join(dir, d.name);
    return d.isDirectory() ? files(f) : /\.(ya?ml|litmus)$/.test(d.name) ? [f] : [];
  }).sort();
}

if (spawnSync('spin', ['-V']).error) {
  console.log('crosscheck skipped: spin is not installed (apt-get install spin)');
} else if (process.env.CROSSCHECK_RANDOM) {
  const focus = process.env.CROSSCHECK_FOCUS;
  if (focus !== undefined && focus !== 'families' && focus !== 'contexts') {
    console.error(`CROSSCHECK_FOCUS=${focus}: expected families or contexts`);
    process.exitCode = 2;
  } else process.exitCode = await randomCrosscheck(Number(process.env.CROSSCHECK_RANDOM), Number(process.env.CROSSCHECK_SEED ?? 1), focus ?? null) > 0 ? 1 : 0;
} else {
  process.chdir(repoRoot);
  const start = Date.now();
  const all = files(join(repoRoot, 'scenarios')).map((f) => relative(repoRoot, f));
  const only = process.argv.slice(2);
  const rows = await crosscheck(only.length > 0 ? only : all, {}, (r) => {
    const mark = r.agree === null ? 'skip' : r.agree ? 'ok  ' : 'DIFF';
    console.log(`${mark} ${`${r.file} ${r.variant}/${r.strategy}`.padEnd(64)} ${String(r.racewayStates).padStart(9)} ${String(r.spinStates ?? '-').padStart(9)}  ${r.raceway}${r.agree ? '' : `  |  spin: ${r.spin}`}`);
  });
  const diff = rows.filter((r) => r.agree === false).length;
  const skipped = rows.filter((r) => r.agree === null).length;
  console.log(`\n${rows.length} cases: ${rows.length - diff - skipped} agree, ${diff} disagree, ${skipped} not exported (columns: states stored by raceway's exhaustive search, by Spin); ${Math.round((Date.now() - start) / 1000)} s`);
  process.exitCode = diff > 0 ? 1 : 0;
}
