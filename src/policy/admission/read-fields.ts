/** Reads fields of a policy or binding manifest, recording one problem per wrong field (by its path). */
export class FieldReader {
  readonly problems: Array<{ field: string; message: string }> = [];

  problem(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  mapping(value: unknown, field: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.problem(field, 'must be a mapping');
    return undefined;
  }

  list(value: unknown, field: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.problem(field, 'must be a list');
    return [];
  }

  string(value: unknown, field: string, required = false): string | undefined {
    if (value === undefined || value === null || value === '') {
      if (required) this.problem(field, 'is required');
      return undefined;
    }
    if (typeof value === 'string') return value;
    this.problem(field, 'must be a string');
    return undefined;
  }

  strings(value: unknown, field: string): string[] {
    return this.list(value, field).filter((v, i) => {
      if (typeof v === 'string') return true;
      this.problem(`${field}[${i}]`, 'must be a string');
      return false;
    }) as string[];
  }

  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T {
    if (value === undefined || value === null) return fallback;
    if (allowed.includes(value as T)) return value as T;
    this.problem(field, `must be one of ${allowed.join(', ')}`);
    return fallback;
  }
}
