// Loaded with `node --import` before bin/raceway by the end-to-end benchmark (check-cli.ts): on
// exit, writes the process's CPU time (every thread's, workers included) as the last line of
// stderr, which wall time on a shared machine cannot show. Bench-only.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\ncpu-ms ${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
});
