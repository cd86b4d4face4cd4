import { isIP } from 'node:net';
import { InputError } from '../../errors.js';

/** Where the review server listens, and the `Host` header values a browser sends for it. */
export interface LoopbackBinding {
  /** The address passed to `listen()`. */
  address: string;
  /** The address as it appears in a URL (`[::1]` for IPv6). */
  urlHost: string;
}

/**
 * Accepts only loopback addresses: the page reads and changes proposals with no login besides
 * the token, so nothing off this machine may reach it. `localhost` binds 127.0.0.1 rather than
 * whatever the resolver says, so the check cannot be bent by /etc/hosts.
 */
export function parseLoopbackHost(host: string): LoopbackBinding {
  const value = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (value === 'localhost') return { address: '127.0.0.1', urlHost: '127.0.0.1' };
  if (isIP(value) === 4 && value.startsWith('127.')) return { address: value, urlHost: value };
  if (isIP(value) === 6 && isIpv6Loopback(value)) return { address: '::1', urlHost: '[::1]' };
  throw new InputError(
    'review-host-not-loopback',
    `--host ${JSON.stringify(host)} is not a loopback address: the review page serves only this machine. Use 127.0.0.1 (the default), ::1 or localhost.`,
  );
}

function isIpv6Loopback(value: string): boolean {
  return /^(0{0,4}:){2,7}0{0,3}1$/.test(value) || value === '::1';
}

/**
 * The `Host` values accepted for a server on `binding:port`. A DNS-rebinding page reaches the
 * port under its own name, so any other name is refused.
 */
export function allowedHostHeaders(binding: LoopbackBinding, port: number): Set<string> {
  const names = new Set([binding.urlHost, 'localhost']);
  if (binding.address === '::1') names.add('[::1]');
  else names.add('127.0.0.1');
  return new Set([...names].map((n) => `${n}:${port}`));
}
