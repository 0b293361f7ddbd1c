/**
 * sprig's certificate functions (crypto.go): genCA, genSelfSignedCert, genSignedCert, their
 * `WithKey` forms and buildCustomCert. Keys come from node:crypto (RSA 2048, as sprig); the X.509
 * certificates are built and signed with node-forge, with sprig's template: a random 128-bit
 * serial, CN subject, validity from now for `daysValid` days, key usages keyEncipherment and
 * digitalSignature (plus certSign for a CA), extended usages serverAuth and clientAuth, basic
 * constraints, and the IPs and DNS names given.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type forge from 'node-forge';
import { lazyRequire } from '../../lazy-require.js';

const forgeLib = lazyRequire<typeof forge>('node-forge');
import { FuncError } from '../builtins.js';
import { type GoFunc, GoStruct, type Value } from '../value.js';
import { strval } from './convert.js';
import { fn } from './define.js';

function certificate(cert: string, key: string): GoStruct {
  return new GoStruct('sprig.certificate', { Cert: cert, Key: key }, {}, ['Cert', 'Key']);
}

function newRsaKeyPem(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

function parseKey(pem: string): forge.pki.rsa.PrivateKey {
  try {
    return forgeLib().pki.privateKeyFromPem(pem);
  } catch {
    throw new FuncError('error parsing private key: only RSA keys in PEM form are supported');
  }
}

function ipsOf(ips: Value[] | null): string[] {
  return (ips ?? []).map((ip) => {
    const s = strval(ip);
    if (!/^[0-9.]+$|^[0-9a-fA-F:]+$/.test(s)) throw new FuncError(`error parsing ip: ${s}`);
    return s;
  });
}

function namesOf(names: Value[] | null): string[] {
  return (names ?? []).map((n) => {
    if (typeof n !== 'string') throw new FuncError(`error processing alternate dns name: ${strval(n)} is not a string`);
    return n;
  });
}

interface Issuer {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

function buildCert(cn: string, ips: string[], dns: string[], daysValid: bigint, keyPem: string, isCA: boolean, issuer?: Issuer): GoStruct {
  const key = parseKey(keyPem);
  const cert = forgeLib().pki.createCertificate();
  cert.publicKey = forgeLib().pki.setRsaPublicKey(key.n, key.e);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = new Date();
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + Number(daysValid) * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: cn }];
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  const altNames = [...dns.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))];
  const extensions: object[] = [
    { name: 'keyUsage', critical: true, keyEncipherment: true, digitalSignature: true, keyCertSign: isCA },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    { name: 'basicConstraints', critical: true, cA: isCA },
  ];
  if (isCA) extensions.push({ name: 'subjectKeyIdentifier' });
  if (altNames.length > 0) extensions.push({ name: 'subjectAltName', altNames });
  cert.setExtensions(extensions);
  cert.sign(issuer ? issuer.key : key, forgeLib().md.sha256.create());
  return certificate(forgeLib().pki.certificateToPem(cert), forgeLib().pki.privateKeyToPem(key));
}

function issuerOf(ca: Value): Issuer {
  if (!(ca instanceof GoStruct) || ca.typeName !== 'sprig.certificate')
    throw new FuncError('wrong type for value; expected sprig.certificate');
  try {
    return { cert: forgeLib().pki.certificateFromPem(String(ca.fields.Cert)), key: parseKey(String(ca.fields.Key)) };
  } catch (e) {
    if (e instanceof FuncError) throw e;
    throw new FuncError('error parsing CA certificate');
  }
}

function buildCustomCert(b64Cert: string, b64Key: string): GoStruct {
  const cert = Buffer.from(b64Cert, 'base64').toString('utf8');
  const key = Buffer.from(b64Key, 'base64').toString('utf8');
  try {
    forgeLib().pki.certificateFromPem(cert);
  } catch {
    throw new FuncError('error parsing certificate: decoded pem is blank');
  }
  parseKey(key);
  return certificate(cert, key);
}

export function certFuncs(): Record<string, GoFunc> {
  return {
    genCA: fn(['string', 'int'], (cn: string, days: bigint) => buildCert(cn, [], [], days, newRsaKeyPem(), true)),
    genCAWithKey: fn(['string', 'int', 'string'], (cn: string, days: bigint, key: string) => buildCert(cn, [], [], days, key, true)),
    genSelfSignedCert: fn(['string', 'list', 'list', 'int'], (cn: string, ips: Value[] | null, names: Value[] | null, days: bigint) =>
      buildCert(cn, ipsOf(ips), namesOf(names), days, newRsaKeyPem(), false),
    ),
    genSelfSignedCertWithKey: fn(
      ['string', 'list', 'list', 'int', 'string'],
      (cn: string, ips: Value[] | null, names: Value[] | null, days: bigint, key: string) =>
        buildCert(cn, ipsOf(ips), namesOf(names), days, key, false),
    ),
    genSignedCert: fn(
      ['string', 'list', 'list', 'int', 'any'],
      (cn: string, ips: Value[] | null, names: Value[] | null, days: bigint, ca: Value) =>
        buildCert(cn, ipsOf(ips), namesOf(names), days, newRsaKeyPem(), false, issuerOf(ca)),
    ),
    genSignedCertWithKey: fn(
      ['string', 'list', 'list', 'int', 'any', 'string'],
      (cn: string, ips: Value[] | null, names: Value[] | null, days: bigint, ca: Value, key: string) =>
        buildCert(cn, ipsOf(ips), namesOf(names), days, key, false, issuerOf(ca)),
    ),
    buildCustomCert: fn(['string', 'string'], buildCustomCert),
  };
}
