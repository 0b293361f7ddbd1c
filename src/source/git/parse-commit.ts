import type { Revision } from '../../core/model/revision.js';

/**
 * Reads a raw commit object (as `git cat-file commit` prints it) into a Revision: author name and
 * email, committer date as ISO 8601 with the committer's offset (as `%cI`), full message.
 * Parsing it ourselves means no mailmap, no signature check and no config is involved.
 */
export function parseCommit(sha: string, raw: string): Revision {
  const split = raw.indexOf('\n\n');
  const headers = (split === -1 ? raw : raw.slice(0, split)).split('\n');
  const message = split === -1 ? '' : raw.slice(split + 2).replace(/\n+$/, '');
  const revision: Revision = { sha, message };
  for (const line of headers) {
    const person = /^(author|committer) (.*) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(line);
    if (!person) continue;
    if (person[1] === 'author') {
      revision.author = person[2];
      revision.authorEmail = person[3];
    } else {
      revision.date = isoDate(Number(person[4]), person[5]);
    }
  }
  return revision;
}

/** The first line of a commit message. */
export function subjectOf(message: string | undefined): string {
  return (message ?? '').split('\n', 1)[0];
}

function isoDate(epochSeconds: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  const local = new Date((epochSeconds + minutes * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${offset.slice(0, 3)}:${offset.slice(3, 5)}`;
}
