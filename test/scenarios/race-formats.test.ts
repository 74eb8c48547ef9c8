// Golden files for data-race counterexamples under sc and tso (src/machine/race.ts) in every
// format: the run to the racy state, then the racing steps that can be taken, each marked
// (test/golden/races/<name>.<format>); UPDATE_GOLDEN=1 rewrites them. Each SVG must be
// well-formed with nothing drawn outside its box.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LineIndex } from '../../src/common/span.js';
import { plain } from '../../src/report/paint.js';
import { renderFinding } from '../../src/report/render-finding.js';
import { loadScenario } from '../../src/scenario/load.js';
import { explore } from '../../src/testing/inline.js';
import { formatGoldenTests } from '../../src/testing/format-goldens.js';
import { repoRoot } from '../../src/testing/repo-root.js';


/** Message passing whose data is plain and whose flag is marked, without the barrier pairing. */
const MP = `scenario: mp-plain-data
cpus: 2
state:
  cells: { data: 0, flag: 0 }
programs:
  cpu 0:
    - WRITE_ONCE(flag, 1)
    - data = 42
  cpu 1:
    - r = READ_ONCE(flag)
    - if r == 1:
        - t = data
`;

/** A flag polled with a plain load: the poller is blocked when the write meets it. */
const POLL = `scenario: plain-poll
cpus: 2
memory_model: tso
state:
  cells: { ready: 0 }
programs:
  cpu 0:
    - ready = 1
  cpu 1:
    - wait_until(ready == 1)
`;

const cells = [['mp-plain-data', MP], ['plain-poll', POLL]].map(([name, text]) => {
  const loaded = loadScenario(`${name!}.yaml`, text!);
  if (!loaded.ok) throw new Error(`${name!} does not load`);
  const c = loaded.value.cases[0]!;
  const finding = explore(c.program).findings.find((f) => f.violation.kind === 'data-race');
  if (!finding) throw new Error(`${name!}: no data race`);
  return { name: name!, program: c.program, finding, lines: new LineIndex(text!) };
});

describe('counterexample formats of a data race (issue 20)', () => {
  formatGoldenTests(join(repoRoot, 'test/golden/races'), cells);
  test('both racing accesses are marked: two steps taken, or a step and the poll of a blocked wait_until()', () => {
    const table = (i: number) => renderFinding('table', cells[i]!.program, cells[i]!.finding, cells[i]!.lines, plain);
    assert.equal((table(0).match(/<-- here/g) ?? []).length, 2);
    assert.equal((table(1).match(/<-- here/g) ?? []).length, 2);
    assert.match(table(1), /waits: wait_until\(ready == 1\)/);
  });
});
