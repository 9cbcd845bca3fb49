/**
 * Uploads that go wrong on the client's side, on /ingest/* where no
 * credentials are needed to reach the body: a client that drops mid-body or
 * breaks the chunked framing is counted and never logged as a server error;
 * an oversized body is always answered 413 to a client that can read it (no
 * reset, which a provider would retry forever); a body that is not UTF-8 is
 * refused rather than stored with replacement characters.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log';
import { startNode, type NodeRelay } from '../src/runtime/node';
import { parseExposition, sampleValue } from './helpers/prometheus';
import { LINDO_TOKEN, relayEnv, tempDir } from './helpers/relay';

const MAX_BODY = 64 * 1024;
const lines: string[] = [];
let relay: NodeRelay;
beforeAll(async () => {
  relay = await startNode({
    env: relayEnv(`${tempDir()}/sitewire.db`, { SITEWIRE_MAX_BODY_BYTES: String(MAX_BODY) }),
    logger: createLogger('debug', (l) => lines.push(l)),
  });
});
afterAll(() => relay?.close());

const INGEST = `/ingest/lindo?token=${LINDO_TOKEN}`;
const levels = () => lines.map((l) => JSON.parse(l) as { level: string; msg: string });

/** Sends raw bytes, then (unless told to drop) keeps the socket until the server answers and closes. */
function rawSend(parts: (string | Buffer)[], opts: { drop?: boolean } = {}) {
  const u = new URL(relay.url);
  return new Promise<{ head: string; errors: string[] }>((resolve) => {
    const s = connect(Number(u.port), u.hostname);
    let out = '';
    const errors: string[] = [];
    s.on('data', (d: Buffer) => (out += d.toString('latin1')));
    s.on('error', (e) => errors.push((e as NodeJS.ErrnoException).code ?? e.message));
    s.on('close', () => resolve({ head: out.split('\r\n')[0] ?? '', errors }));
    void (async () => {
      for (const p of parts) {
        if (s.destroyed) return;
        if (!s.write(p)) await new Promise((ok) => s.once('drain', ok).once('close', ok));
      }
      if (opts.drop) setTimeout(() => s.destroy(), 50);
      else s.end();
    })();
  });
}

const head = (extra: string) =>
  `POST ${INGEST} HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\n${extra}\r\n`;

async function rejectedAborts(): Promise<number> {
  const res = await fetch(`${relay.url}/metrics`, { headers: { authorization: `Bearer ${relay.adminToken}` } });
  const labels = { provider: 'lindo', reason: 'client_aborted' };
  return sampleValue(parseExposition(await res.text()), 'sitewire_ingest_rejections_total', labels) ?? 0;
}

describe('aborted uploads', () => {
  it('are counted, logged at debug at most, never as errors', async () => {
    lines.length = 0;
    // Drops after part of a declared length; drops mid-way through a chunked body; breaks the chunk framing.
    await rawSend([head('Content-Length: 1000\r\n'), '{"event":"client.created"'], { drop: true });
    await rawSend([head('Transfer-Encoding: chunked\r\n'), '10\r\n{"event":"client.'], { drop: true });
    await rawSend([head('Transfer-Encoding: chunked\r\n'), '5\r\n{"eve\r\nzz\r\nnt":\r\n0\r\n\r\n']);
    await expect.poll(rejectedAborts).toBeGreaterThanOrEqual(2);
    expect(levels().filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(levels().every((l) => l.msg === 'client aborted the request')).toBe(true);
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
  });
});

describe('an oversized body', () => {
  // Well past the limit, sent as fast as the socket takes it: the client must read a 413, never a reset.
  const big = Buffer.alloc(20 * 1024 * 1024, 'x');

  it('with a Content-Length is answered 413 and closed gracefully', async () => {
    const r = await rawSend([head(`Content-Length: ${big.length}\r\n`), big]);
    expect(r).toEqual({ head: 'HTTP/1.1 413 Payload Too Large', errors: [] });
  });

  it('sent chunked is answered 413 and closed gracefully', async () => {
    const chunked = head('Transfer-Encoding: chunked\r\n');
    const r = await rawSend([chunked, `${big.length.toString(16)}\r\n`, big, '\r\n0\r\n\r\n']);
    expect(r).toEqual({ head: 'HTTP/1.1 413 Payload Too Large', errors: [] });
  });
});

describe('a body that is not UTF-8', () => {
  it('is refused as invalid_json, not stored with replacement characters', async () => {
    const body = Buffer.concat([
      Buffer.from('{"event":"client.created","data":{"client_id":"utf8-1","name":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}}'),
    ]);
    const headers = { 'content-type': 'application/json' };
    const res = await fetch(`${relay.url}${INGEST}`, { method: 'POST', headers, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_json', message: 'The request body is not valid UTF-8: JSON must be sent as UTF-8 text.' },
    });
  });
});
