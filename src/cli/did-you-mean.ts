import { distance } from 'fastest-levenshtein';

/**
 * The closest of `candidates` to a mistyped `word`, when it is close enough to be a typo: at most
 * 2 edits, and fewer than half the word's length (so `x` does not suggest `diff`). A candidate that
 * starts with the word (`stat` -> `status`) also counts. Ties go to the first candidate.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const d = c.startsWith(w) && w.length >= 3 ? 0.5 : distance(w, c);
    if (d <= 2 && d < Math.max(w.length, 2) / 2 + 0.5 && (!best || d < best.d)) best = { candidate, d };
  }
  return best?.candidate;
}

/** ` (did you mean X?)`, or '' when nothing is close. */
export function suggestion(word: string, candidates: readonly string[], show: (c: string) => string = (c) => c): string {
  const close = didYouMean(word, candidates);
  return close === undefined ? '' : ` (did you mean ${show(close)}?)`;
}
