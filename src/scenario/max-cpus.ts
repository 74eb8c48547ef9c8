// The most CPUs a scenario may declare (the machine's grace-period masks and state layout), in a
// module of its own so that the CLI's options can say it without loading the YAML parser.
export const MAX_CPUS = 32;
