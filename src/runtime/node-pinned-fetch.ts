/**
 * Deliveries on Node connect to the very address the SSRF guard judged. The
 * guard resolves a subscriber's host before each attempt; a plain fetch would
 * then resolve it again, and a DNS answer that changed in between (rebinding)
 * would reach an address nobody checked. Here the connection's own lookup runs
 * the guard, and connects to an address from the answer it judged. Redirects
 * stay unfollowed (the attempt asks for `redirect: 'manual'`). Workers have no
 * DNS to pin: their rule judges the URL alone (see target-guard.ts).
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { Agent } from 'undici';
import { createTargetGuard, type ResolveHost } from '../services/deliveries/target-guard';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const failure = (message: string, code: string) => Object.assign(new Error(message), { code }) as NodeJS.ErrnoException;

/** A net.connect lookup that resolves through the guard and answers only with addresses it accepted. */
export function guardedLookup(opts: { allowPrivate: boolean; resolveHost: ResolveHost }) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    let judged: string[] = [];
    const guard = createTargetGuard({
      allowPrivate: opts.allowPrivate,
      resolveHost: async (host) => (judged = await opts.resolveHost(host)),
    });
    void (async () => {
      const verdict = await guard(`http://${hostname.includes(':') ? `[${hostname}]` : hostname}/`);
      if (!verdict.ok) {
        const code = verdict.kind === 'forbidden' ? 'EFORBIDDEN' : 'ENOTFOUND';
        throw failure(`${verdict.kind === 'forbidden' ? 'forbidden_target' : 'unresolved'}: ${verdict.reason}`, code);
      }
      // Private targets allowed: the guard did not need the answer.
      if (judged.length === 0) judged = await opts.resolveHost(hostname);
      const wanted = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
      const addresses = judged
        .map((address) => ({ address, family: isIP(address) }))
        .filter((a) => !wanted || a.family === wanted);
      if (addresses.length === 0) throw failure(`unresolved: ${hostname} has no usable address`, 'ENOTFOUND');
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    })().catch((err: NodeJS.ErrnoException) => callback(err, ''));
  };
}

/**
 * The outbound fetch for deliveries, over an Agent whose connections use guardedLookup. undici is
 * loaded at the first delivery, not at start: it is most of an idle relay's memory otherwise.
 */
export function pinnedFetch(opts: { allowPrivate: boolean; resolveHost: ResolveHost }) {
  let client: Promise<{ agent: Agent; fetch: typeof import('undici').fetch }> | undefined;
  const load = () =>
    (client ??= import('undici').then((undici) => ({
      agent: new undici.Agent({ connect: { lookup: guardedLookup(opts) } }),
      fetch: undici.fetch,
    })));
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const { agent, fetch: undiciFetch } = await load();
    return undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as object), dispatcher: agent });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, close: async () => (client ? (await client).agent.close() : undefined) };
}
