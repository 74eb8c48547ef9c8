// Test support: store buffering (SB) as a YAML scenario, the smallest program whose final states
// differ between SC and TSO: each CPU stores to one cell, then loads the other.
export function storeBuffering(final: string, o: { memoryModel?: 'sc' | 'tso'; expect?: string } = {}): string {
  return `
scenario: SB
cpus: 2
${o.memoryModel ? `memory_model: ${o.memoryModel}\n` : ''}state:
  cells: { x: 0, y: 0 }
programs:
  cpu 0: ['WRITE_ONCE(x, 1)', 'r0 = READ_ONCE(y)']
  cpu 1: ['WRITE_ONCE(y, 1)', 'r0 = READ_ONCE(x)']
final:
  ${final}
${o.expect ?? ''}`;
}
