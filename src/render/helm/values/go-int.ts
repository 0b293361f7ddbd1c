/**
 * Helm's values hold float64 numbers (values files go through JSON) and int64 ones (`--set a=1`).
 * Templates print and compare the two differently, so an int is made here in the form the template
 * engine takes for a Go int.
 */
export function goInt(n: number): unknown {
  return n;
}
