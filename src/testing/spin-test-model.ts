// Test support for the export's unit tests: the Promela text of an inline scenario's first case,
// failing the test with the refusal's reason when the export refuses it.
import assert from 'node:assert/strict';
import { programOf } from './inline.js';
import { exportPromela, type ExportOptions } from '../spin/promela.js';

export function modelText(yaml: string, o: ExportOptions = {}): string {
  const r = exportPromela(programOf(yaml), o);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.text;
}
