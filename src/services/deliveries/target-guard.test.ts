import { describe, expect, it } from 'vitest';
import { createTargetGuard, type ResolveHost } from './target-guard';

const dns: Record<string, string[]> = {
  'public.example': ['93.184.216.34', '2606:2800:220:1::1'],
  'rebind.example': ['93.184.216.34', '127.0.0.1'],
  'metadata.example': ['169.254.169.254'],
  'mapped.example': ['::ffff:10.0.0.1'],
  'empty.example': [],
};
const resolveHost: ResolveHost = async (host) => {
  const found = dns[host];
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found;
};

describe('target guard with a resolver (Node)', () => {
  const check = createTargetGuard({ allowPrivate: false, resolveHost });
  it.each<[string, string | null]>([
    ['https://public.example/hook', null],
    ['http://93.184.216.34:8080/x', null],
    ['https://[2606:4700:4700::1111]/x', null],
    ['http://127.0.0.1/x', '127.0.0.1 is not a public address (loopback)'],
    ['http://[::1]:8080/x', '[::1] is not a public address (loopback)'],
    ['http://10.1.2.3/x', '10.1.2.3 is not a public address (private)'],
    ['http://172.16.0.1/x', '172.16.0.1 is not a public address (private)'],
    ['http://192.168.0.10/x', '192.168.0.10 is not a public address (private)'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is not a public address (link-local)'],
    ['http://100.64.0.1/x', '100.64.0.1 is not a public address (shared address space (CGNAT))'],
    ['http://0.0.0.0/x', '0.0.0.0 is not a public address (unspecified)'],
    ['http://[::ffff:127.0.0.1]/x', '[::ffff:7f00:1] is not a public address (IPv4-mapped)'],
    ['http://2130706433/x', '127.0.0.1 is not a public address (loopback)'],
    ['http://0x7f.1/x', '127.0.0.1 is not a public address (loopback)'],
    ['https://rebind.example/x', 'rebind.example resolves to 127.0.0.1 (loopback)'],
    ['https://metadata.example/x', 'metadata.example resolves to 169.254.169.254 (link-local)'],
    ['https://mapped.example/x', 'mapped.example resolves to ::ffff:10.0.0.1 (IPv4-mapped)'],
    ['ftp://public.example/x', 'only http and https URLs can receive deliveries'],
  ])('%s', async (url, reason) => {
    const verdict = await check(url);
    expect(verdict).toEqual(reason === null ? { ok: true } : { ok: false, kind: 'forbidden', reason });
  });

  it('a host that does not resolve is not refused, only unresolved', async () => {
    expect(await check('https://nowhere.example/x')).toEqual({
      ok: false,
      kind: 'unresolved',
      reason: 'nowhere.example does not resolve (ENOTFOUND)',
    });
    expect((await check('https://empty.example/x')).ok).toBe(false);
  });

  it('a lookup that hangs counts as not resolving', async () => {
    const slow = createTargetGuard({
      allowPrivate: false,
      resolveHost: () => new Promise(() => {}),
      resolveTimeoutMs: 20,
    });
    expect(await slow('https://slow.example/x')).toEqual({
      ok: false,
      kind: 'unresolved',
      reason: 'slow.example does not resolve (ETIMEOUT)',
    });
  });

  it('SITEWIRE_ALLOW_PRIVATE_TARGETS lets everything http(s) through', async () => {
    const open = createTargetGuard({ allowPrivate: true, resolveHost });
    expect(await open('http://127.0.0.1:9/x')).toEqual({ ok: true });
    expect((await open('file:///etc/passwd')).ok).toBe(false);
  });
});

describe('target guard without a resolver (Workers)', () => {
  const check = createTargetGuard({ allowPrivate: false });
  it.each<[string, boolean]>([
    ['https://hooks.example.com/x', true],
    ['http://8.8.8.8/x', true],
    ['http://localhost:8080/x', false],
    ['http://api.localhost/x', false],
    ['http://metadata.google.internal/x', false],
    ['http://printer.local/x', false],
    ['http://router.home.arpa/x', false],
    ['http://intranet/x', false],
    ['http://localhost./x', false],
    ['http://127.0.0.1/x', false],
    ['http://[fd00::1]/x', false],
  ])('%s allowed: %s', async (url, allowed) => {
    expect((await check(url)).ok).toBe(allowed);
  });
});
