// `node dist/src/bench/litmus-collection.js DIR [EVERY]`: every C litmus test under DIR (or every
// EVERY-th, in path order: a deterministic sample) checked under the LKMM, its observation word
// compared with the herd7 `Result:` line the file carries (the comparison the kernel's
// judgelitmus.sh makes: the Observation word must be the Result word). Prints the counts, then one
// line per disagreement. A report, not a test: nothing here asserts.
// Env: COLLECTION_TIMEOUT_S (per test, default 10), COLLECTION_MAX (candidates, default 2,000,000).
// With HERD7 (a herd7 binary) and HERD7_ARGS (e.g. `-I LIBDIR -conf DIR/linux-kernel.cfg`, the
// kernel's tools/memory-model files), each test is run by herd7 too and compared with herd7's own
// Observation line (word, Positive and Negative counts) and `Flag data-race`, not with the Result
// line: a collection's Result lines can be stale or state what a model should say.
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
const timeoutMs = 1000 * Number(process.env.COLLECTION_TIMEOUT_S ?? 10);
const maxStates = Number(process.env.COLLECTION_MAX ?? 2_000_000);
if (!dir) {
  process.stderr.write('usage: litmus-collection.js DIR [EVERY]\n');
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
const disagreements: string[] = [];
/** Agreeing tests whose data-race flag differs from the Result line's DATARACE word. */
const notes: string[] = [];
const files = litmusFiles(dir).filter((_, i) => i % every === 0);
const start = performance.now();
for (const file of files) {
  const name = relative(dir, file);
  const text = readFileSync(file, 'utf8');
  const theirs = herd ? herd7(file) : null;
  const result = herd ? (theirs ? { word: theirs.word, dataRace: theirs.race } : null) : parseLitmus(name, text).ast?.result ?? null;
  const word = result?.word ?? null;
  const load = loadLitmus(name, text, { memoryModel: 'lkmm' });
  if (load.kind === 'error') { bump('not read (error, or not a C test)'); continue; }
  if (word === null || !['Never', 'Sometimes', 'Always'].includes(word)) { bump(herd ? 'herd7 gave no Observation (error or timeout)' : 'no Never/Sometimes/Always Result line'); continue; }
  if (load.kind === 'unsupported') { bump('unsupported'); continue; }
  const p = load.value.program;
  const t0 = performance.now();
  const outcome = exploreLkmm(p, { maxStates, deadlineMs: t0 + timeoutMs, now: () => performance.now(), seed: 0 });
  if (outcome.bound === 'unsupported') { bump('unsupported'); continue; }
  if (outcome.bound !== undefined) { bump(`inconclusive (${outcome.bound})`); continue; }
  const v = judgeLitmus(outcome, p.final!.quantifier, load.value.filter, p.final!.observe, load.value.expectation, true);
  const seen = v.observation ?? 'Never';
  const raced = outcome.findings.some((f) => f.violation.kind === 'data-race');
  if (seen === word && theirs && (theirs.pos !== v.positive || theirs.neg !== v.negative)) {
    bump('same word, other counts than herd7');
    disagreements.push(`counts: herd7 ${theirs.pos} ${theirs.neg}, raceway ${v.positive} ${v.negative} ${name}`);
  } else if (seen === word) {
    bump('agree');
    if (result?.dataRace === true && !raced) notes.push(`DATARACE predicted, none flagged: ${name}`);
    if (result?.dataRace !== true && raced) notes.push(`a data race flagged, no DATARACE in the Result line: ${name}`);
  } else {
    bump(`disagree: herd7 ${word}, raceway ${seen}`);
    disagreements.push(`${word} ${seen} ${name}`);
  }
}
const total = [...counts.values()].reduce((a, b) => a + b, 0);
process.stdout.write(`${files.length} files (every ${every} of ${litmusFiles(dir).length} under ${dir}), ${Math.round((performance.now() - start) / 1000)} s\n`);
for (const [k, n] of [...counts].sort()) process.stdout.write(`${String(n).padStart(6)}  ${k}\n`);
const agree = counts.get('agree') ?? 0;
const compared = [...counts].filter(([k]) => k === 'agree' || k.startsWith('disagree') || k.startsWith('same word')).reduce((a, [, n]) => a + n, 0);
process.stdout.write(`agree on ${agree} of ${compared} compared (${((100 * agree) / Math.max(1, compared)).toFixed(2)}%); ${total} counted\n`);
process.stdout.write(`data-race flag differs from the Result line on ${notes.length} agreeing files\n`);
for (const d of disagreements) process.stdout.write(`${d}\n`);
if (process.env.COLLECTION_NOTES === '1') for (const n of notes) process.stdout.write(`${n}\n`);
