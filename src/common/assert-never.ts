// Closes every switch on a `kind`, so a new variant breaks the build wherever it is not handled.

export class InternalError extends Error {
  override name = 'InternalError';
}

export function assertNever(x: never): never {
  throw new InternalError(`unreachable: ${JSON.stringify(x)}`);
}

export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new InternalError(message);
}
