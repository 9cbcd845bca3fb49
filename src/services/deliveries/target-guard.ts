/**
 * The SSRF guard (docs/api.md#subscriptions): may a delivery go to this URL? Checked when a
 * subscription is created or changed and again before every attempt, since
 * DNS answers change. With a resolver (Node) every address the host resolves
 * to must be public; without one (Workers) IP literals are judged and names
 * that are local by convention are refused.
 */
import { isIpLiteral, nonPublicReason } from '../../core/ip-ranges';

/** Resolves a host name to every address it has (Node: dns.lookup with all: true). */
export type ResolveHost = (host: string) => Promise<string[]>;

export type TargetVerdict =
  | { ok: true }
  /** Refused: the URL is not http(s) or reaches a non-public address. */
  | { ok: false; kind: 'forbidden'; reason: string }
  /** The host did not resolve (now): not a refusal, the attempt just fails. */
  | { ok: false; kind: 'unresolved'; reason: string };

export interface TargetGuardOptions {
  allowPrivate: boolean;
  resolveHost?: ResolveHost;
  /** A lookup that takes longer counts as not resolving (a slow resolver must not hold a delivery slot). */
  resolveTimeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('lookup timed out'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const LOCAL_NAMES = /(^|\.)(localhost|internal|local|localdomain|home\.arpa)$/i;

export function createTargetGuard({ allowPrivate, resolveHost, resolveTimeoutMs = 10_000 }: TargetGuardOptions) {
  return async function check(rawUrl: string): Promise<TargetVerdict> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return { ok: false, kind: 'forbidden', reason: 'the URL is not valid' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, kind: 'forbidden', reason: 'only http and https URLs can receive deliveries' };
    }
    if (allowPrivate) return { ok: true };
    // URL has already normalized odd IPv4 spellings (0x7f.1, 2130706433) to dotted quads.
    const host = url.hostname.replace(/\.$/, '');
    if (isIpLiteral(host)) {
      const why = nonPublicReason(host);
      return why ? { ok: false, kind: 'forbidden', reason: `${host} is not a public address (${why})` } : { ok: true };
    }
    if (!resolveHost) {
      if (LOCAL_NAMES.test(host) || !host.includes('.')) {
        return { ok: false, kind: 'forbidden', reason: `${host} is a local host name` };
      }
      return { ok: true };
    }
    let addresses: string[];
    try {
      addresses = await withTimeout(resolveHost(host), resolveTimeoutMs);
    } catch (err) {
      return {
        ok: false,
        kind: 'unresolved',
        reason: `${host} does not resolve (${(err as { code?: string }).code ?? String(err)})`,
      };
    }
    if (addresses.length === 0) return { ok: false, kind: 'unresolved', reason: `${host} does not resolve` };
    for (const address of addresses) {
      const why = nonPublicReason(address);
      if (why) return { ok: false, kind: 'forbidden', reason: `${host} resolves to ${address} (${why})` };
    }
    return { ok: true };
  };
}

export type TargetGuard = ReturnType<typeof createTargetGuard>;
