import { isIP } from 'node:net';
import { TidewayError } from '../core/errors.js';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, `localhost`. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * The API binds to loopback unless told otherwise; anywhere else it must be HTTPS (sessions and tokens
 * would cross the network in the clear), unless `insecureHttp` says the operator knows (a TLS proxy in front).
 */
export function checkApiBind(host: string, options: { tls: boolean; insecureHttp?: boolean }): void {
  if (isLoopback(host) || options.tls || options.insecureHttp) return;
  throw new TidewayError(
    'InvalidApplication',
    `--host ${host}: serving the API beyond this machine needs TLS (--tls-cert FILE --tls-key FILE), or --insecure-http when a TLS proxy stands in front`,
  );
}
