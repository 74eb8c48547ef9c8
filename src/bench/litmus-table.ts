// `npm run litmus-table`: the kernel's litmus tests under SC, TSO and the LKMM, as the README's
// markdown table (file, kernel model Result, SC, TSO, LKMM). A report, not a test: nothing here asserts.
import { readFileSync } from 'node:fs';
import { parseLitmus } from '../litmus/parse.js';
import { LITMUS_DIR, litmusFiles, runLitmus, type CorpusRow } from '../testing/litmus-corpus.js';

function cell(r: CorpusRow): string {
  if (r.load.kind === 'unsupported') return `unsupported: ${r.load.what}`;
  if (r.load.kind === 'error') return 'error';
  const v = r.verdict!;
  const word = v.observation ?? 'no final state';
  return v.judgement === 'met' ? word : `${word} (${v.judgement})`;
}

const files = litmusFiles();
if (files.length === 0) {
  process.stderr.write(`no litmus tests at ${LITMUS_DIR}\n`);
  process.exitCode = 2;
} else {
  const out: string[] = [
    '| file | kernel model | SC | TSO | LKMM |',
    '|---|---|---|---|---|',
  ];
  let supported = 0;
  for (const f of files) {
    const sc = runLitmus(f, 'sc');
    const ts = runLitmus(f, 'tso');
    const lk = runLitmus(f, 'lkmm');
    if (sc.load.kind === 'ok') supported++;
    const kernel = parseLitmus(f, readFileSync(f, 'utf8')).ast?.result?.word ?? '-';
    out.push(`| \`${sc.file}\` | ${kernel} | ${cell(sc)} | ${cell(ts)} | ${cell(lk)} |`);
  }
  out.push('', `${supported} of ${files.length} supported (${Math.round((100 * supported) / files.length)}%).`);
  process.stdout.write(out.join('\n') + '\n');
}
