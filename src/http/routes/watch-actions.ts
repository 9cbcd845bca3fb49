/** Actions on a Warpweb site watch: revise the site, refresh a free-tier site (docs/api.md#revisions). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Relay } from '../../services/relay';
import type { AppEnv } from '../env';
import { ADMIN_SECURITY, errorResponses, IdParam, jsonBody, jsonContent as json } from '../schemas';
import { CreateRevisionSchema } from '../watch-action-schemas';
import { WatchSchema, watchJson } from '../watch-schemas';

const tags = ['watches'];

const revise = createRoute({
  method: 'post',
  path: '/v1/watches/{id}/revisions',
  operationId: 'createRevision',
  summary: 'Revise a watched Warpweb site',
  description:
    "Sends Warpweb `POST /v1/sites/:id/revisions` with the prompt (or the warnings' fix prompts joined) within " +
    "the key's budget and answers with a new `revision` watch that ends with revision.complete, revision.failed " +
    'or revision.clarification_needed. 409 revision_queue_full when Warpweb says queue_full.',
  tags,
  security: ADMIN_SECURITY,
  request: { params: IdParam, ...jsonBody(CreateRevisionSchema) },
  responses: {
    201: json(WatchSchema, 'The revision watch'),
    ...errorResponses(400, 401, 404, 409, 429, 502, 503),
  },
});

const refresh = createRoute({
  method: 'post',
  path: '/v1/watches/{id}/refresh',
  operationId: 'refreshSite',
  summary: 'Refresh a watched free-tier Warpweb site',
  description:
    "Calls Warpweb `POST /v1/sites/:id/refresh` within the key's budget (un-pauses the site and restarts its " +
    '7-day window) and answers with the watch.',
  tags,
  security: ADMIN_SECURITY,
  request: { params: IdParam },
  responses: { 200: json(WatchSchema, 'The site watch'), ...errorResponses(401, 404, 409, 429, 502, 503) },
});

export function registerWatchActions(app: OpenAPIHono<AppEnv>, relay: Relay) {
  app.openapi(revise, async (c) => {
    const b = c.req.valid('json');
    const input = b.prompt !== undefined ? { prompt: b.prompt } : { applyFixPrompts: true as const };
    const watch = await relay.warpweb.revise(c.req.valid('param').id, input);
    return c.json(watchJson(watch), 201);
  });

  app.openapi(refresh, async (c) => {
    const watch = await relay.warpweb.refresh(c.req.valid('param').id);
    return c.json(watchJson(watch, relay.warpweb.pauseOf(watch.id)), 200);
  });
}
