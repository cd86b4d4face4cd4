/**
 * The one ordering of unique ids used everywhere ties are broken: plain UTF-16 code-unit order,
 * independent of locale, so results are identical on every machine.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
