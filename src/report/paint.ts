// Colour is passed in, never looked up: the CLI decides (terminal, NO_COLOR) and hands a Paint.
export interface Paint {
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly magenta: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const id = (s: string): string => s;
export const plain: Paint = { red: id, green: id, yellow: id, cyan: id, magenta: id, bold: id, dim: id };
