// Preloaded by scripts/bench.ts: prints the process's peak resident memory (KiB) on stderr at exit.
process.on('exit', () => process.stderr.write(`\nMAX_RSS_KIB=${process.resourceUsage().maxRSS}\n`));
