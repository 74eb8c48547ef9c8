// `node dist/src/bench/litmus-collection.js DIR [EVERY [PART]]`: every C litmus test under DIR (or
// every EVERY-th, in path order, starting at the PART-th file, 0 <= PART < EVERY: a deterministic
// sample; the EVERY parts 0..EVERY-1 together are the whole collection, so a long run can be split
// into shards run one after another) checked under the LKMM, its observation word compared with
// the herd7 `Result:` line the file carries (the comparison the kernel's judgelitmus.sh makes: the
// Observation word must be the Result word). Prints the counts (a test raceway refuses counted by
// its reason, apart from the answers), then one line per disagreement, per refusal and per test
// stopped by its budget. The output is the same from run to run (the elapsed time goes to stderr),
// except where a test's time budget decides whether it finishes. A report, not a test: nothing here asserts.
// Env: COLLECTION_TIMEOUT_S (CPU seconds per test, default 10: CPU time, not wall time, so that a
// loaded machine does not turn answers into timeouts), COLLECTION_MAX (candidates, default 2,000,000).
// With HERD7 (a herd7 binary) and HERD7_ARGS (e.g. `-I LIBDIR -conf DIR/linux-kernel.cfg`, the
// kernel's tools/memory-model files), each test is run by herd7 too and compared with herd7's own
// Observation line (word, Positive and Negative counts) and `Flag data-race`, not with the Result
// line: a collection's Result lines can be stale or state what a model should say. herd7 runs only
// on tests that carry a Result word and that raceway answers; one it does not answer (an error, or
// its time, three times the budget) is named in the report.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { exploreLkmm } from '../explore/lkmm/lkmm-explorer.js';
import { loadLitmus } from '../litmus/load.js';
import { parseLitmus } from '../litmus/parse.js';
import { judgeLitmus } from '../litmus/verdict.js';
import { litmusFilesUnder as litmusFiles } from './litmus-search-driver.js';

const dir = process.argv[2];
const every = Number(process.argv[3] ?? 1);
const part = Number(process.argv[4] ?? 0);
/** The process's CPU milliseconds (every thread's). */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const timeoutMs = 1000 * Number(process.env.COLLECTION_TIMEOUT_S ?? 10);
const maxStates = Number(process.env.COLLECTION_MAX ?? 2_000_000);
if (!dir || !Number.isInteger(every) || every < 1 || !Number.isInteger(part) || part < 0 || part >= every) {
  process.stderr.write('usage: litmus-collection.js DIR [EVERY [PART]] (EVERY >= 1, 0 <= PART < EVERY)\n');
  process.exit(2);
}

const herd = process.env.HERD7;
const herdArgs = (process.env.HERD7_ARGS ?? '').split(' ').filter((a) => a !== '');

/** herd7's answer: its Observation line and whether it flagged a data race, or null (error, timeout). */
function herd7(file: string): { word: string; pos: number; neg: number; race: boolean } | null {
  const r = spawnSync(herd!, [...herdArgs, file], { encoding: 'utf8', timeout: timeoutMs * 3 });
  const m = /^Observation \S+ (\w+) (\d+) (\d+)$/m.exec(r.stdout ?? '');
  return m ? { word: m[1]!, pos: Number(m[2]), neg: Number(m[3]), race: /^Flag data-race$/m.test(r.stdout) } : null;
}

const counts = new Map<string, number>();
const bump = (k: string): void => { counts.set(k, (counts.get(k) ?? 0) + 1); };
/** Each line of the report is written to stderr too as it is found: a long run shows its progress. */
const progress = (line: string): string => {
  process.stderr.write(`${line}\n`);
  return line;
};
const disagreements: string[] = [];
/** Agreeing tests whose data-race flag differs from the Result line's DATARACE word (with HERD7: from herd7's flag). */
const notes: string[] = [];
/** Tests raceway refused or could not finish, and (with HERD7) those herd7 did not answer, one line each: `refused REASON FILE`, `inconclusive BOUND FILE`, `herd7 gave no Observation FILE`. */
const stopped: string[] = [];
/** A refusal's reason without the names in it (quoted names, numbers), so that like reasons count together. */
const reasonOf = (what: string): string => what.replace(/'[^']*'|`[^`]*`|"[^"]*"/g, "'…'").replace(/\b\d+\b/g, 'N');
const refuse = (what: string, name: string): void => {
  bump(`refused: ${reasonOf(what)}`);
  stopped.push(progress(`refused ${name}: ${what}`));
};
const all = litmusFiles(dir);
const files = all.filter((_, i) => i % every === part);
const start = performance.now();
for (const [i, file] of files.entries()) {
  if (i % 100 === 0) progress(`${i} of ${files.length}, ${Math.round(cpuMs() / 1000)} s of CPU`);
  const name = relative(dir, file);
  const text = readFileSync(file, 'utf8');
  const load = loadLitmus(name, text, { memoryModel: 'lkmm' });
  // herd7 runs only on a test raceway answers (below): the collection's 8-to-19-thread RCU
  // chains take herd7 minutes each, and a test with no answer from raceway has nothing to compare.
  let theirs: ReturnType<typeof herd7> = null;
  const fileResult = parseLitmus(name, text).ast?.result ?? null;
  const word = fileResult?.word ?? null;
  /** What raceway's answer is compared with: the Result line, or herd7's Observation with HERD7. */
  let want = word;
  let wantRace = fileResult?.dataRace === true;
  // A C test with a Result line that raceway rejects (smp_memb(), in no linux-kernel.def) is refused;
  // one it cannot parse at all (LISA, PPC: no Result word read) is not a C test.
  if (load.kind === 'error' && word === null) { bump('not read (error, or not a C test)'); continue; }
  if (load.kind === 'error') { refuse(`error: ${load.errors[0]?.message ?? ''}`, name); continue; }
  // Only tests with a Result word are compared, with HERD7 too (herd7 is not run on the others).
  if (word === null || !['Never', 'Sometimes', 'Always'].includes(word)) { bump('no Never/Sometimes/Always Result line'); continue; }
  if (load.kind === 'unsupported') { refuse(load.what, name); continue; }
  const p = load.value.program;
  const outcome = exploreLkmm(p, { maxStates, deadlineMs: cpuMs() + timeoutMs, now: cpuMs, seed: 0 });
  if (outcome.bound === 'unsupported') { refuse(outcome.note ?? 'unsupported', name); continue; }
  if (outcome.bound !== undefined) {
    bump(`inconclusive (${outcome.bound})`);
    stopped.push(progress(`inconclusive ${outcome.bound} ${name}`));
    continue;
  }
  if (herd) {
    theirs = herd7(file);
    if (!theirs) {
      bump('herd7 gave no Observation (error or timeout)');
      stopped.push(progress(`herd7 gave no Observation ${name}`));
      continue;
    }
    want = theirs.word;
    wantRace = theirs.race;
  }
  const v = judgeLitmus(outcome, p.final!.quantifier, load.value.filter, p.final!.observe, load.value.expectation, true);
  const seen = v.observation ?? 'Never';
  const raced = outcome.findings.some((f) => f.violation.kind === 'data-race');
  if (seen === want && theirs && (theirs.pos !== v.positive || theirs.neg !== v.negative)) {
    bump('same word, other counts than herd7');
    disagreements.push(progress(`counts: herd7 ${theirs.pos} ${theirs.neg}, raceway ${v.positive} ${v.negative} ${name}`));
  } else if (seen === want) {
    bump('agree');
    if (wantRace && !raced) notes.push(`${herd ? 'herd7 flags a data race' : 'DATARACE predicted'}, raceway none: ${name}`);
    if (!wantRace && raced) notes.push(`raceway flags a data race, ${herd ? 'herd7 none' : 'no DATARACE in the Result line'}: ${name}`);
  } else {
    bump(`disagree: ${herd ? 'herd7' : 'Result line'} ${want}, raceway ${seen}`);
    disagreements.push(progress(`${want} ${seen} ${name}`));
  }
}
const total = [...counts.values()].reduce((a, b) => a + b, 0);
process.stderr.write(`${Math.round((performance.now() - start) / 1000)} s, ${Math.round(cpuMs() / 1000)} s of CPU\n`);
process.stdout.write(`${files.length} files (every ${every}-th from index ${part}, of ${all.length} under ${dir})\n`);
for (const [k, n] of [...counts].sort()) process.stdout.write(`${String(n).padStart(6)}  ${k}\n`);
const agree = counts.get('agree') ?? 0;
const compared = [...counts].filter(([k]) => k === 'agree' || k.startsWith('disagree') || k.startsWith('same word')).reduce((a, [, n]) => a + n, 0);
process.stdout.write(`agree on ${agree} of ${compared} compared (${((100 * agree) / Math.max(1, compared)).toFixed(2)}%); ${total} counted\n`);
// The same against every file that carries a Result word, refusals and tests out of budget counted as not agreeing.
const carrying = total - (counts.get('no Never/Sometimes/Always Result line') ?? 0) - (counts.get('not read (error, or not a C test)') ?? 0);
process.stdout.write(`agree on ${agree} of the ${carrying} files with a Result word (${((100 * agree) / Math.max(1, carrying)).toFixed(2)}%), refused and out-of-budget tests counted against\n`);
process.stdout.write(`data-race flag differs from ${herd ? "herd7's" : 'the Result line'} on ${notes.length} agreeing files${notes.length > 0 && process.env.COLLECTION_NOTES !== '1' ? ' (COLLECTION_NOTES=1 lists them)' : ''}\n`);
for (const d of disagreements) process.stdout.write(`${d}\n`);
for (const d of stopped) process.stdout.write(`${d}\n`);
if (process.env.COLLECTION_NOTES === '1') for (const n of notes) process.stdout.write(`${n}\n`);
