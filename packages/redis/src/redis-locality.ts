// isLocalRedis: whether a Redis url (and the ioredis options beside it) can only name this machine: loopback or a unix socket.
import { isIPv4, isIPv6 } from 'node:net';
import type { RedisOptions } from 'ioredis';

/**
 * True for a loopback host: `localhost`, an IPv4 address in
 * 127.0.0.0/8, `::1`, or an IPv4-mapped loopback (`::ffff:127.0.0.1`); brackets of a url's IPv6
 * host allowed. Any other name is not, even one that resolves to loopback today (DNS can change).
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (h === 'localhost') return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (!isIPv6(h)) return false;
  if (/^(0{0,4}:){2,7}0{0,3}1$/.test(h) || h === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped !== null && isIPv4(mapped[1] as string) && (mapped[1] as string).startsWith('127.');
}

/**
 * True when `url` with `options` (as the transport gives them to ioredis, the url's settings
 * winning) can only reach a Redis on this machine: a unix socket (`options.path`, or a url that is a
 * path) or a loopback host. Sentinels or a custom connector count as remote. A url that does not
 * parse counts as remote too (ioredis would refuse it anyway).
 */
export function isLocalRedis(url: string, options: RedisOptions = {}): boolean {
  if (options.sentinels !== undefined || options.Connector !== undefined) return false;
  if (typeof options.path === 'string' && options.path !== '') return true;
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  let host: string;
  try {
    host = new URL(/^rediss?:\/\//i.test(url) ? url : `redis://${url.replace(/^\/\//, '')}`).hostname;
  } catch {
    return false;
  }
  return isLoopbackHost(host !== '' ? host : (options.host ?? 'localhost'));
}
