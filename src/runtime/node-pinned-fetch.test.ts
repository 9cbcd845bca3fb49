import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedLookup, pinnedFetch } from './node-pinned-fetch';

type Answer = { err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };

const lookupOnce = (lookup: ReturnType<typeof guardedLookup>, host: string, options: object) =>
  new Promise<Answer>((resolve) => lookup(host, options, (err, address, family) => resolve({ err, address, family })));

describe('guardedLookup', () => {
  const dns = new Map<string, string[]>([
    ['public.example', ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']],
    ['rebound.example', ['93.184.216.34', '127.0.0.1']],
  ]);
  const resolveHost = async (host: string) => dns.get(host) ?? [];
  const lookup = guardedLookup({ allowPrivate: false, resolveHost });

  it('answers with the addresses the guard accepted, one or all, by family', async () => {
    expect(await lookupOnce(lookup, 'public.example', {})).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect(await lookupOnce(lookup, 'public.example', { family: 6 })).toEqual({
      err: null,
      address: '2606:2800:220:1:248:1893:25c8:1946',
      family: 6,
    });
    expect((await lookupOnce(lookup, 'public.example', { all: true })).address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ]);
  });

  it('refuses a name whose answer holds a non-public address, and one that does not resolve', async () => {
    const refused = await lookupOnce(lookup, 'rebound.example', { all: true });
    expect(refused.err).toMatchObject({
      code: 'EFORBIDDEN',
      message: 'forbidden_target: rebound.example resolves to 127.0.0.1 (loopback)',
    });
    const missing = await lookupOnce(lookup, 'missing.example', {});
    expect(missing.err).toMatchObject({ code: 'ENOTFOUND', message: 'unresolved: missing.example does not resolve' });
  });

  it('passes private addresses when they are allowed', async () => {
    const open = guardedLookup({ allowPrivate: true, resolveHost });
    expect(await lookupOnce(open, 'rebound.example', { family: 4, all: true })).toMatchObject({
      err: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
  });
});

describe('pinnedFetch', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(302, { location: 'http://127.0.0.1/elsewhere' }).end('moved');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('connects to the judged address and does not follow redirects', async () => {
    const { fetch, close } = pinnedFetch({ allowPrivate: true, resolveHost: async () => ['127.0.0.1'] });
    const res = await fetch(`http://receiver.example:${port}/hook`, { method: 'POST', body: '{}', redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(hits).toBe(1);
    await close();
  });

  it('never connects when the answer it would use is refused', async () => {
    const before = hits;
    const { fetch, close } = pinnedFetch({ allowPrivate: false, resolveHost: async () => ['127.0.0.1'] });
    const err = await fetch(`http://receiver.example:${port}/hook`, { method: 'POST', body: '{}' }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    const cause = (err as Error & { cause?: Error }).cause;
    expect(cause?.message).toBe('forbidden_target: receiver.example resolves to 127.0.0.1 (loopback)');
    expect(hits).toBe(before);
    await close();
  });
});
