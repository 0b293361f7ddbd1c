import { giteaLike } from './gitea.js';

/** Forgejo: `X-Forgejo-Signature: <hex>` (it also sends the Gitea names, accepted as a fallback). */
export const forgejo = giteaLike('forgejo', {
  signature: ['x-forgejo-signature', 'x-gitea-signature'],
  event: ['x-forgejo-event', 'x-gitea-event'],
});
