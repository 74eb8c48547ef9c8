// The output formats' names, apart from their renderers: the command line lists them for
// --format without loading any of them (issue 22, start-up). Pure.
export const FORMATS = ['table', 'lkml', 'markdown', 'json', 'svg'] as const;
export type Format = (typeof FORMATS)[number];
