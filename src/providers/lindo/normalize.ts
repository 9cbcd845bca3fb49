/** Lindo payloads -> normalized observations and events (docs/events.md). Pure. */
import { emptyData, type PageInfo, type Warning } from '../../core/event';
import { invalidRequest } from '../../core/errors';
import { blankObservation, type Observation, type Signal } from '../../core/observation';
import type { Kind, NormalizedStatus } from '../../core/status';
import { pageCompletedData, websiteCompletedData, type LindoWebhook } from './schemas';
import type { z } from 'zod';
import { passThroughType, safeTypeName } from '../names';

export const PROVIDER = 'lindo';

/** Lindo's workflow statuses onto the normalized ones (docs/events.md#statuses). */
export function mapStatus(status: string): NormalizedStatus | null {
  switch (status) {
    case 'scheduled':
      return 'queued';
    case 'running':
      return 'running';
    case 'complete':
      return 'complete';
    case 'partial':
      return 'complete_with_warnings';
    case 'errored':
      return 'failed';
    default:
      return null;
  }
}

/** A partial website's errored pages become its warnings. */
export function erroredPagesAsWarnings(pages: readonly PageInfo[] | null): Warning[] | null {
  const errored = (pages ?? []).filter((p) => p.status === 'errored');
  if (errored.length === 0) return null;
  return errored.map((p) => ({
    code: 'page_errored',
    severity: 'error',
    page: p.path ?? p.slug,
    viewport: null,
    message: p.error,
    fix_prompt: null,
  }));
}

function dataOf<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const r = schema.safeParse(data);
  if (!r.success) throw invalidRequest(r.error.issues.map((i) => ({ ...i, path: ['data', ...i.path] })));
  return r.data;
}

const firstId = (...ids: (string | null | undefined)[]): string | undefined => ids.find((x): x is string => !!x);

function passthrough(body: LindoWebhook): Signal {
  const data = body.data;
  const entity = safeTypeName(body.event).split('.')[0] ?? 'workspace';
  const id = firstId(
    typeof data[`${entity}_id`] === 'string' ? (data[`${entity}_id`] as string) : null,
    typeof data.id === 'string' ? data.id : null,
  );
  return {
    signal: 'event',
    type: passThroughType(PROVIDER, body.event),
    subject: id ? `${PROVIDER}/${entity}/${id}` : `${PROVIDER}/workspace`,
    provider: PROVIDER,
    time: body.timestamp ?? null,
    data: { ...emptyData(PROVIDER, 'webhook'), raw: body },
  };
}

/**
 * A completion hint. Lindo's completion webhooks carry no event id and may
 * name the resource by its workflow id or by the website/page id: the
 * workflow id is the subject (watches use it), the other an alias a watch
 * can be found by.
 */
function completed(
  body: LindoWebhook,
  kind: Kind,
  ids: { workflow: string | null | undefined; own: string | null | undefined; field: string; what: string },
  completedAt: string | null | undefined,
  details: Partial<Observation>,
): Signal[] {
  const id = firstId(ids.workflow, ids.own);
  if (!id) throw invalidRequest([{ path: ['data', ids.field], message: `a workflow or ${ids.what} id is required` }]);
  const base = blankObservation({
    provider: PROVIDER,
    kind,
    resourceId: id,
    status: 'complete',
    providerStatus: 'complete',
    observedVia: 'webhook',
  });
  return [
    {
      signal: 'state',
      hint: true,
      aliases: [ids.own].filter((x): x is string => !!x && x !== id),
      observation: { ...base, ...details, providerTime: completedAt ?? body.timestamp ?? null, raw: body },
    },
  ];
}

export function normalizeWebhook(body: LindoWebhook): Signal[] {
  switch (body.event) {
    case 'workflow.website.completed': {
      const d = dataOf(websiteCompletedData, body.data);
      const ids = { workflow: d.parent_workflow_id, own: d.website_id, field: 'parent_workflow_id', what: 'website' };
      return completed(body, 'site', ids, d.completed_at, {
        siteId: d.website_id ?? null,
        url: d.preview_url ?? (d.domain ? `https://${d.domain}` : null),
      });
    }
    case 'workflow.page.completed':
    case 'workflow.blog.completed': {
      const d = dataOf(pageCompletedData, body.data);
      const kind = body.event === 'workflow.blog.completed' || d.is_blog ? 'blog' : 'page';
      const ids = { workflow: d.workflow_instance_id, own: d.page_id, field: 'workflow_instance_id', what: 'page' };
      return completed(body, kind, ids, d.completed_at, {
        siteId: d.website_id ?? null,
        message: d.page_name ?? null,
        pages: [{ slug: null, path: d.page_path ?? null, status: 'complete', page_id: d.page_id ?? null, error: null }],
      });
    }
    default:
      return [passthrough(body)];
  }
}
