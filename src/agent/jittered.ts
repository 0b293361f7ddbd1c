/** A jittered interval (±10%) so many apps polled on the same interval spread their fetches. */
export function jittered(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.9 + random() * 0.2));
}
