import { describe, expect, it } from 'vitest';
import { forwardedJson, forwardedText, retryText } from './listen-output';

const json = '{"id":"evt_1","sequence":"00000000000000000042"}';
const event = { sequence: '00000000000000000042', type: 'site.complete', json };
const L = '#00000000000000000042  site.complete  evt_1  ->';
const at = /^\d{4}-\d\d-\d\dT\S+Z {2}/;
const r = (status: number | null, attempts: number, body?: string) => ({
  eventId: 'evt_1',
  status,
  error: status === null ? 'ECONNREFUSED' : null,
  durationMs: 3,
  attempts,
  body,
});

describe('listen output', () => {
  it.each([
    [r(204, 1), 0, false, `${L} 204 (3 ms)`],
    [r(500, 1), 0, false, `${L} 500 (3 ms)`],
    [r(500, 4), 3, false, `${L} 500 (3 ms), gave up after 4 attempts`],
    [r(null, 2), 1, false, `${L} error: ECONNREFUSED (3 ms), gave up after 2 attempts`],
    [r(202, 3), 5, true, `${L} 202 (3 ms)\n    HTTP 202\n    {"a":1}\n    {"b":2}`, '{"a":1}\n{"b":2}'],
    [r(204, 1, ''), 0, true, `${L} 204 (3 ms)\n    HTTP 204 (empty body)`],
    [r(null, 1), 0, true, `${L} error: ECONNREFUSED (3 ms)\n    (no response: ECONNREFUSED)`],
  ])('text %#', (result, retries, printResponse, expected, body?: string) => {
    const line = forwardedText(event, body === undefined ? result : { ...result, body }, retries, printResponse);
    expect(line.replace(at, '')).toBe(expected);
  });

  it('says when the next try comes', () => {
    expect(retryText(event, r(503, 1), 2, 5, 2000).replace(at, '')).toBe(`${L} 503 (3 ms), retry 2 of 5 in 2000 ms`);
  });

  it('json: the event as streamed and how its forward ended, one line', () => {
    const line = forwardedJson(event, r(202, 2, 'ok'), true);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      sequence: '00000000000000000042',
      type: 'site.complete',
      event: { id: 'evt_1', sequence: '00000000000000000042' },
      forward: { status: 202, error: null, attempts: 2, duration_ms: 3, response_body: 'ok' },
    });
    expect(JSON.parse(forwardedJson(event, r(202, 1), false)).forward).not.toHaveProperty('response_body');
  });
});
