import { describe, expect, it } from 'vitest';
import { parseListenArgs, streamUrl } from './listen-args';

const base = ['--url', 'http://127.0.0.1:8787/', '--token', 'tok', '--forward-to', 'http://localhost:3000/hooks'];

describe('parseListenArgs', () => {
  it('reads the options and builds the stream URL', () => {
    const o = parseListenArgs(
      [...base, '--types', 'site.*,form.submitted', '--resources', 'warpweb/site/1', '--since', '41'],
      {},
    );
    expect(o).toEqual({
      url: 'http://127.0.0.1:8787',
      token: 'tok',
      forwardTo: 'http://localhost:3000/hooks',
      types: ['site.*', 'form.submitted'],
      providers: undefined,
      resources: ['warpweb/site/1'],
      secret: undefined,
      since: '41',
      format: 'text',
      retries: 0,
      retryBaseMs: 1000,
      stateFile: undefined,
      heartbeatMs: 15_000,
      printResponse: false,
    });
    expect(streamUrl(o)).toBe(
      'http://127.0.0.1:8787/v1/stream?types=site.*%2Cform.submitted&resources=warpweb%2Fsite%2F1&last_event_id=41',
    );
  });

  it('keeps a padded sequence as written and reads the listen options', () => {
    const argv = [
      ...base,
      '--since',
      '00000000000000000041',
      '--format',
      'json',
      '--retry',
      '--retry-max',
      '3',
      '--retry-base-ms',
      '50',
      '--state-file',
      '/tmp/l.json',
      '--heartbeat-ms',
      '200',
      '--print-response',
    ];
    const o = parseListenArgs(argv, {});
    expect(o).toMatchObject({
      since: '00000000000000000041',
      format: 'json',
      retries: 3,
      retryBaseMs: 50,
      stateFile: '/tmp/l.json',
      heartbeatMs: 200,
      printResponse: true,
    });
    expect(streamUrl(o)).toContain('last_event_id=00000000000000000041');
    // --retry-max alone does not turn retries on.
    expect(parseListenArgs([...base, '--retry-max', '3'], {}).retries).toBe(0);
    expect(parseListenArgs([...base, '--retry'], {}).retries).toBe(5);
  });

  it('takes the token and the secret from the environment', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const o = parseListenArgs(['--url', 'http://r', '--forward-to', 'http://l'], {
      SITEWIRE_ADMIN_TOKEN: 'env-tok',
      SITEWIRE_LISTEN_SECRET: secret,
    });
    expect([o.token, o.secret]).toEqual(['env-tok', secret]);
  });

  it.each([
    [['--token', 't', '--forward-to', 'http://l'], '--url is required'],
    [['--url', 'http://r', '--forward-to', 'http://l'], '--token is required (or set SITEWIRE_ADMIN_TOKEN)'],
    [['--url', 'http://r', '--token', 't'], '--forward-to is required'],
    [['--url', 'ws://r', '--token', 't', '--forward-to', 'http://l'], '--url must be an http(s) URL (got "ws://r")'],
    [[...base, '--secret', 'whsec_short'], '--secret must be whsec_ followed by base64 of 24-64 bytes'],
    [[...base, '--since', 'yesterday'], '--since must be an event sequence number'],
    [[...base, '--colour', 'red'], /Unknown option '--colour'/],
    [[...base, '--since', '123456789012345678901'], '--since must be an event sequence number'],
    [[...base, '--format', 'yaml'], '--format must be text or json (got "yaml")'],
    [[...base, '--retry', '--retry-max', 'many'], '--retry-max must be a whole number (got "many")'],
    [[...base, '--heartbeat-ms', '0'], '--heartbeat-ms must be a whole number of at least 1 (got "0")'],
    [[...base, '--retry=yes'], "Option '--retry' does not take an argument"],
    [[...base, '--state-file'], "Option '--state-file <value>' argument missing"],
  ])('%j -> %s', (argv, message) => {
    expect(() => parseListenArgs(argv, {})).toThrow(message);
  });
});
