/** The certificate functions produce real X.509 certificates that verify (node:crypto reads them). */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { createTemplateSet } from '../index.js';

function run(text: string): string {
  const set = createTemplateSet({ funcs: 'helm', helmMode: true });
  set.parse('t', text);
  return set.execute('t', null);
}

describe('certificates', () => {
  test('genCA makes a CA certificate, and genSignedCert a server certificate it signed, with the names and IPs given', () => {
    const out = run(
      '{{- $ca := genCA "my-ca" 365 }}{{- $c := genSignedCert "svc" (list "10.0.0.1") (list "svc.ns.svc" "svc") 30 $ca }}{{ $ca.Cert }}@@{{ $c.Cert }}@@{{ $c.Key }}',
    );
    const [caPem, certPem, keyPem] = out.split('@@');
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(certPem);
    assert.equal(ca.ca, true);
    assert.match(ca.subject, /CN=my-ca/);
    assert.equal(cert.ca, false);
    assert.match(cert.subject, /CN=svc/);
    assert.match(cert.issuer, /CN=my-ca/);
    assert.ok(cert.verify(ca.publicKey), 'signed by the CA');
    assert.match(cert.subjectAltName ?? '', /DNS:svc\.ns\.svc, DNS:svc, IP Address:10\.0\.0\.1/);
    assert.match(keyPem, /^-----BEGIN RSA PRIVATE KEY-----/);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86400000;
    assert.ok(Math.abs(days - 30) < 1, `valid for 30 days, not ${days}`);
  });

  test('genSelfSignedCert signs itself', () => {
    const cert = new X509Certificate(run('{{ (genSelfSignedCert "me" nil (list "me.example") 10).Cert }}'));
    assert.ok(cert.verify(cert.publicKey));
    assert.match(cert.subjectAltName ?? '', /DNS:me\.example/);
  });
});
