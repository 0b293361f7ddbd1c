import type { DataKeyWrapper } from './encrypt-file.js';
import { importModule } from '../../fs/import-module.js';

/** Wraps the data key for an age recipient (`age1...`, or a post-quantum `age1pq1...`) with age-encryption, armored as sops writes it. */
export function ageRecipient(recipient: string): DataKeyWrapper {
  return {
    kind: 'age',
    async wrap(secret) {
      const { armor, Encrypter } = await importModule('age-encryption', () => import('age-encryption'));
      const encrypter = new Encrypter();
      encrypter.addRecipient(recipient);
      return { recipient, enc: armor.encode(await encrypter.encrypt(secret)) };
    },
  };
}
