// Credentials of a local control plane: the API server's serving certificate, the service-account
// signing key, the static admin token and the kubeconfig that carries it. Files holding secrets are
// written with mode 0600 and their contents never reach a log.
import { execFile } from 'node:child_process';
import { generateKeyPair, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const generateKeyPairAsync = promisify(generateKeyPair);

export const ADMIN_USER = 'tideway-admin';
export const CONTEXT_NAME = 'tideway-test';

/** A self-signed serving certificate for 127.0.0.1/localhost; the certificate is its own CA. */
export async function writeServingCert(dir) {
  const certFile = path.join(dir, 'apiserver.crt');
  const keyFile = path.join(dir, 'apiserver.key');
  try {
    await execFileAsync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '30',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=tideway-test-apiserver',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
  } catch (err) {
    throw new Error(`openssl could not create the API server certificate (is openssl installed?): ${err.stderr ?? err.message}`, {
      cause: err,
    });
  }
  return { certFile, keyFile, certPem: await readFile(certFile, 'utf8') };
}

/** The RSA key pair that signs and verifies service-account tokens. */
export async function writeServiceAccountKey(dir) {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const privateKeyFile = path.join(dir, 'sa.key');
  const publicKeyFile = path.join(dir, 'sa.pub');
  await Promise.all([writeFile(privateKeyFile, privateKey, { mode: 0o600 }), writeFile(publicKeyFile, publicKey)]);
  return { privateKeyFile, publicKeyFile };
}

/** A random static token for `tideway-admin` in `system:masters`, in the apiserver's token-file format. */
export async function writeTokenFile(dir) {
  const token = randomBytes(24).toString('hex');
  const tokenFile = path.join(dir, 'tokens.csv');
  await writeFile(tokenFile, `${token},${ADMIN_USER},${ADMIN_USER},"system:masters"\n`, { mode: 0o600 });
  return { token, tokenFile };
}

/** A kubeconfig with one cluster, one user (the token) and `tideway-test` as current-context. */
export async function writeKubeconfig(file, { server, caPem, token }) {
  const ca = Buffer.from(caPem).toString('base64');
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${CONTEXT_NAME}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    `- name: ${ADMIN_USER}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    `- name: ${CONTEXT_NAME}`,
    '  context:',
    `    cluster: ${CONTEXT_NAME}`,
    `    user: ${ADMIN_USER}`,
    `current-context: ${CONTEXT_NAME}`,
    '',
  ].join('\n');
  await writeFile(file, text, { mode: 0o600 });
  return file;
}
