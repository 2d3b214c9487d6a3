/** A short, safe description of a value for error messages (never the value of a secret). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(value, -0) ? 'the number -0' : `the number ${String(value)}`;
    case 'bigint':
      return `the bigint ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    case 'string':
      return value.length === 0 ? 'an empty string' : `a string of ${value.length} characters`;
    default:
      return 'an object';
  }
}
