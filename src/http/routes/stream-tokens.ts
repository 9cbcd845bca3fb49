/** POST /v1/stream-tokens: a signed, expiring, scoped token for EventSource clients (docs/api.md#stream-tokens). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { invalidRequest } from '../../core/errors';
import { STREAM_TOKEN_DEFAULT_TTL_S, STREAM_TOKEN_MAX_LENGTH, STREAM_TOKEN_MAX_TTL_S } from '../../core/stream-token';
import type { Relay } from '../../services/relay';
import type { StreamTokens } from '../../services/stream-tokens';
import { ContentFilterSchema } from '../content-filter-schema';
import type { AppEnv } from '../env';
import { ADMIN_SECURITY, errorResponses } from '../schemas';

const list = (description: string) => z.array(z.string().min(1).max(300)).max(50).optional().openapi({ description });

// Strict: a misspelt key (`resource`) must not silently widen the token to every event.
const Request = z
  .strictObject({
    types: list('Event types the token may read; `site.*` matches a prefix.'),
    providers: list('Providers the token may read (warpweb, lindo).'),
    resources: list('Subjects the token may read (warpweb/site/<id>).'),
    filter: ContentFilterSchema.optional(),
    ttl_s: z
      .number()
      .int()
      .min(1)
      .max(STREAM_TOKEN_MAX_TTL_S)
      .optional()
      .openapi({
        description: `Lifetime in seconds (default ${STREAM_TOKEN_DEFAULT_TTL_S}, at most ${STREAM_TOKEN_MAX_TTL_S}).`,
      }),
  })
  .openapi('StreamTokenRequest');

const Issued = z
  .object({
    token: z.string().openapi({ description: 'Pass as `?access_token=` to /v1/stream or a resource stream.' }),
    expires_at: z.string().openapi({ description: 'ISO time after which the token is refused and its streams end.' }),
    scope: z.object({
      types: z.array(z.string()),
      providers: z.array(z.string()),
      resources: z.array(z.string()),
      filter: ContentFilterSchema.optional().openapi({ description: 'The content filter every event must match.' }),
    }),
    stream_url: z.string().openapi({ description: 'GET /v1/stream with this token, ready for EventSource.' }),
  })
  .openapi('StreamToken');

const route = createRoute({
  method: 'post',
  path: '/v1/stream-tokens',
  operationId: 'createStreamToken',
  summary: 'Issue a stream token',
  description:
    'Browsers cannot set headers on EventSource: this token, passed as `?access_token=`, reads `/v1/stream` and `/v1/resources/{provider}/{kind}/{id}/stream` only, and only events inside its scope. An empty list or a missing one means no restriction on that field.',
  tags: ['events'],
  security: ADMIN_SECURITY,
  request: { body: { required: false, content: { 'application/json': { schema: Request } } } },
  responses: {
    200: { description: 'The token', content: { 'application/json': { schema: Issued } } },
    ...errorResponses(400, 401, 413),
  },
});

export function registerStreamTokens(app: OpenAPIHono<AppEnv>, relay: Relay, tokens: StreamTokens) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const scope = {
      types: body.types ?? [],
      providers: body.providers ?? [],
      resources: body.resources ?? [],
      ...(body.filter && Object.keys(body.filter).length ? { filter: body.filter } : {}),
    };
    const { token, expiresAt } = await tokens.issue(scope, body.ttl_s ?? STREAM_TOKEN_DEFAULT_TTL_S);
    if (token.length > STREAM_TOKEN_MAX_LENGTH) {
      throw invalidRequest(
        [],
        `The scope is too large to travel in a URL; narrow it (the token would be ${token.length} characters).`,
      );
    }
    const base = relay.config.publicUrl ?? new URL(c.req.url).origin;
    return c.json(
      {
        token,
        expires_at: new Date(expiresAt).toISOString(),
        scope,
        stream_url: `${base}/v1/stream?access_token=${token}`,
      },
      200,
    );
  });
}
