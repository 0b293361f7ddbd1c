import type SemverLib from 'semver';
import { lazyRequire } from '../lazy-require.js';

const semver = lazyRequire<typeof SemverLib>('semver');

/**
 * Versions and constraints as Helm reads them (Masterminds/semver v3): a version may start with `v`
 * and omit its minor or patch (`1.2` is 1.2.0); constraints join comparators with commas or spaces
 * (AND) and `||` (OR), accept `=>`/`=<`/`~>`, and a version with a prerelease only satisfies a
 * constraint that names a prerelease. Comparison itself is npm's `semver`.
 */
const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** The canonical semver string of a Masterminds version, or undefined when it is not one. */
export function parseVersion(text: string): string | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  const v = `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}${m[4] ?? ''}`;
  return semver().valid(v) ?? undefined;
}

export function isValidVersion(text: string): boolean {
  return parseVersion(text) !== undefined;
}

/** npm range text for a Masterminds constraint, or undefined when it does not parse. */
function toRange(constraint: string): string | undefined {
  const trimmed = constraint.trim();
  if (trimmed === '') return undefined;
  const alternatives = trimmed.split('||').map((alt) => {
    const normalized = alt
      .replace(/=>/g, '>=')
      .replace(/=</g, '<=')
      .replace(/~>/g, '~')
      .replace(/([<>=~^!]+)\s+/g, '$1')
      .replace(/,/g, ' ')
      .trim();
    return normalized
      .split(/\s+/)
      .map((part) => normalizeComparator(part))
      .join(' ');
  });
  if (alternatives.some((a) => a === '' || a.includes('undefined'))) return undefined;
  const range = alternatives.join(' || ');
  return semver().validRange(range) === null ? undefined : range;
}

function normalizeComparator(part: string): string {
  const m = /^([<>=~^!]*)v?(.*)$/.exec(part);
  if (!m) return 'undefined';
  const [, op, rest] = m;
  if (op === '!=') {
    const v = parseVersion(rest);
    return v === undefined ? 'undefined' : `<${v} || >${v}`;
  }
  return `${op}${rest}`;
}

/** Whether `version` satisfies `constraint` (chartutil.IsCompatibleRange); false when either does not parse. */
export function satisfies(version: string, constraint: string): boolean {
  const v = parseVersion(version);
  if (v === undefined) return false;
  const hasNotEqual = /!=/.test(constraint);
  if (hasNotEqual) {
    // `!=` cannot be written inside one npm comparator set; check each alternative's parts.
    return constraint.split('||').some((alt) =>
      alt
        .replace(/([<>=~^!]+)\s+/g, '$1')
        .replace(/,/g, ' ')
        .trim()
        .split(/\s+/)
        .every((part) => (part.startsWith('!=') ? parseVersion(part.slice(2)) !== v : satisfies(version, part))),
    );
  }
  const range = toRange(constraint);
  if (range === undefined) return false;
  const includePrerelease = /-/.test(constraint.replace(/\s-\s/g, ' '));
  if (!includePrerelease && semver().prerelease(v) !== null) return false;
  return semver().satisfies(v, range, { includePrerelease, loose: true });
}

/** Whether the constraint parses (Masterminds NewConstraint succeeds). */
export function isValidConstraint(constraint: string): boolean {
  return toRange(constraint) !== undefined;
}

/** Compares two valid versions (descending sorts of repository indexes). */
export function compareVersions(a: string, b: string): number {
  return semver().compare(parseVersion(a) ?? '0.0.0', parseVersion(b) ?? '0.0.0');
}
