import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, invalidRequest, type ErrorCode } from '../core/errors';
import { silentLogger } from '../log';
import { ERROR_STATUS } from './error-status';
import { handleError, plainErrorResponse } from './errors';

/** A provider's own failure class: only its code decides the answer. */
class SignatureMismatch extends Error {
  readonly code = 'invalid_signature' as const;
}

function appThrowing(err: unknown) {
  const app = new Hono();
  app.onError(handleError(silentLogger));
  app.get('/', () => {
    throw err;
  });
  return app;
}

describe('error code -> HTTP status', () => {
  it.each<[ErrorCode, number]>([
    ['invalid_request', 400],
    ['invalid_json', 400],
    ['forbidden_target', 400],
    ['bad_request', 400],
    ['invalid_signature', 401],
    ['unauthorized', 401],
    ['not_found', 404],
    ['method_not_allowed', 405],
    ['payload_too_large', 413],
    ['not_revisable', 409],
    ['no_fix_prompts', 409],
    ['not_refreshable', 409],
    ['revision_queue_full', 409],
    ['rate_limited', 429],
    ['provider_error', 502],
    ['internal_error', 500],
    ['not_configured', 503],
    ['admin_token_missing', 503],
    ['invalid_configuration', 503],
    ['unavailable', 503],
  ])('%s -> %s', (code, status) => {
    expect(ERROR_STATUS[code]).toBe(status);
  });

  it('covers every code', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });
});

describe('the error renderer', () => {
  it('answers an AppError with its status and body', async () => {
    const res = await appThrowing(invalidRequest([{ path: ['a', 0], message: 'bad' }], 'Nope.')).request('/');
    expect(res.status).toBe(400);
    const issues = [{ path: ['a', 0], message: 'bad' }];
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message: 'Nope.', issues } });
  });

  it('answers invalid_signature with 401 whatever class carries it', async () => {
    const res = await appThrowing(new SignatureMismatch('Signature does not match.')).request('/');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'invalid_signature', message: 'Signature does not match.' } });
  });

  it('answers an error with a code outside the union as a bug', async () => {
    const systemError = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const res = await appThrowing(systemError).request('/');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong on our side.' },
    });
  });

  it('renders the same answer outside an app', async () => {
    const res = plainErrorResponse(new AppError('invalid_configuration', 'PORT: expected a number'));
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ error: { code: 'invalid_configuration', message: 'PORT: expected a number' } });
  });
});
