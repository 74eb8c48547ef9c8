// Scaled benchmark scenarios: a shipped scenario's text grown to N CPUs. Every CPU but the
// writer runs CPU 0's program (`cpu *`), and every interrupt declaration becomes one per CPU
// (an IRQ and an NMI on every CPU, each with its own firing budget). Bench-only.
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';

export function scaleScenario(text: string, cpus: number): string {
  const doc = parseDocument(text);
  const programs = doc.get('programs');
  // A scenario written for any CPU count (it has a `cpu *` program) scales as it is.
  const scalable = isMap(programs) && programs.items.some((item) => String((item.key as { value?: unknown }).value ?? item.key) === 'cpu *');
  if (isMap(programs) && !scalable) {
    for (const item of programs.items) {
      if (String((item.key as { value?: unknown }).value ?? item.key) === 'cpu 0') (item.key as { value: string }).value = 'cpu *';
    }
  }
  doc.set('cpus', cpus);
  const variants = doc.get('variants');
  if (!isMap(variants)) return String(doc);
  for (const v of variants.items) {
    const irqs = (v.value as YAMLMap).get('interrupts');
    if (!isSeq(irqs)) continue;
    const out = new YAMLSeq();
    for (const decl of irqs.items as YAMLMap[]) {
      for (let c = 0; c < cpus; c++) {
        const copy = decl.clone() as YAMLMap;
        copy.set('cpus', doc.createNode([c]));
        copy.set('name', `${String(decl.get('name') ?? decl.get('kind'))}${c}`);
        out.items.push(copy);
      }
    }
    (v.value as YAMLMap).set('interrupts', out);
  }
  return String(doc);
}
