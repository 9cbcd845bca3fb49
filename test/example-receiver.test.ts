/** examples/webhook-receiver.mjs, run as a user runs it, receiving Standard Webhooks deliveries. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Waiting on a loaded 2-core machine: generous, never a timing assertion. */
const POLL = { timeout: 15_000 };

const SECRET = `whsec_${Buffer.from('sitewire-example-receiver-secret').toString('base64')}`;
let child: ChildProcess;
let url: string;
let output = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['examples/webhook-receiver.mjs'], {
    env: { ...process.env, SITEWIRE_WEBHOOK_SECRET: SECRET, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the example exited (${code})`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    });
  });
});
afterAll(async () => {
  child.kill();
  if (child.exitCode === null) await once(child, 'exit');
});

const event = {
  specversion: '1.0',
  id: 'evt_01EXAMPLE',
  source: 'sitewire/warpweb',
  type: 'site.complete',
  subject: 'warpweb/site/s-1',
  time: '2026-05-18T12:05:00.000Z',
  datacontenttype: 'application/json',
  sequence: '42',
  data: { provider: 'warpweb', status: 'complete' },
};

function deliver(body: string, opts: { id?: string; secret?: string; at?: Date; sentBody?: string } = {}) {
  const id = opts.id ?? event.id;
  const at = opts.at ?? new Date();
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(opts.secret ?? SECRET).sign(id, at, body),
    },
    body: opts.sentBody ?? body,
  });
}

describe('the example webhook receiver', () => {
  it('takes a signed delivery once, even when it is delivered again', async () => {
    const body = JSON.stringify(event);
    expect((await deliver(body)).status).toBe(204);
    expect((await deliver(body)).status).toBe(204);
    await expect.poll(() => output, POLL).toContain('site.complete warpweb/site/s-1 #42 complete');
    expect(output.match(/site\.complete/g)).toHaveLength(1);
  });

  it('refuses a tampered body, another secret and a stale timestamp', async () => {
    const body = JSON.stringify({ ...event, id: 'evt_02' });
    const other = `whsec_${Buffer.from('some-other-subscription-secret').toString('base64')}`;
    expect((await deliver(body, { id: 'evt_02', sentBody: body.replace('complete', 'failed') })).status).toBe(401);
    expect((await deliver(body, { id: 'evt_02', secret: other })).status).toBe(401);
    expect((await deliver(body, { id: 'evt_02', at: new Date(Date.now() - 10 * 60_000) })).status).toBe(401);
    expect((await fetch(url)).status).toBe(405);
    expect(output).not.toContain('evt_02');
  });
});
