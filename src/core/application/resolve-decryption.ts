import type { DecryptionSpec } from '../secrets/decryption-spec.js';
import { checkMapping, checkString } from './field-checks.js';
import type { ValidationProblems } from './validation-problems.js';

const FIELD = 'spec.source.decryption';

/** Validates `spec.source.decryption: {provider: sops, secretRef?: {name}}` (Flux's shape). */
export function resolveDecryption(value: unknown, problems: ValidationProblems): DecryptionSpec | undefined {
  if (value === undefined || value === null) return undefined;
  const decryption = checkMapping(value, FIELD, ['provider', 'secretRef'], problems);
  if (!decryption) return undefined;
  const provider = checkString(decryption, 'provider', FIELD, problems, true);
  if (provider !== undefined && provider !== 'sops') problems.add(`${FIELD}.provider`, `must be "sops" (got ${JSON.stringify(provider)})`);
  let secretRef: DecryptionSpec['secretRef'];
  if (decryption.secretRef !== undefined && decryption.secretRef !== null) {
    const ref = checkMapping(decryption.secretRef, `${FIELD}.secretRef`, ['name'], problems);
    const name = ref && checkString(ref, 'name', `${FIELD}.secretRef`, problems, true);
    if (name !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))
      problems.add(`${FIELD}.secretRef.name`, `${JSON.stringify(name)} is not a valid Secret name`);
    else if (name) secretRef = { name };
  }
  if (provider !== 'sops') return undefined;
  return secretRef ? { provider: 'sops', secretRef } : { provider: 'sops' };
}
