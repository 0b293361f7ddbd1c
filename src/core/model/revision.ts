/** A resolved commit: the SHA is the revision recorded everywhere. */
export interface Revision {
  sha: string;
  author?: string;
  authorEmail?: string;
  message?: string;
  /** ISO 8601 commit date. */
  date?: string;
}
