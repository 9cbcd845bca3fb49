import { describe, expect, it } from 'vitest';
import { parseListenArgs, streamUrl } from './listen-args';

const base = ['--url', 'http://127.0.0.1:8787/', '--token', 'tok', '--forward-to', 'http://localhost:3000/hooks'];

describe('parseListenArgs', () => {
  it('reads the options and builds the stream URL', () => {
    const o = parseListenArgs([...base, '--types', 'site.*,form.submitted', '--resources', 'warpweb/site/1', '--since', '41'], {});
    expect(o).toEqual({
      url: 'http://127.0.0.1:8787',
      token: 'tok',
      forwardTo: 'http://localhost:3000/hooks',
      types: ['site.*', 'form.submitted'],
      providers: undefined,
      resources: ['warpweb/site/1'],
      secret: undefined,
      since: 41,
    });
    expect(streamUrl(o)).toBe('http://127.0.0.1:8787/v1/stream?types=site.*%2Cform.submitted&resources=warpweb%2Fsite%2F1&last_event_id=41');
  });

  it('takes the token and the secret from the environment', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const o = parseListenArgs(['--url', 'http://r', '--forward-to', 'http://l'], { SITEWIRE_ADMIN_TOKEN: 'env-tok', SITEWIRE_LISTEN_SECRET: secret });
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
  ])('%j -> %s', (argv, message) => {
    expect(() => parseListenArgs(argv, {})).toThrow(message);
  });
});
