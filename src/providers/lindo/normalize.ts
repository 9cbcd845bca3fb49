/** Lindo payloads -> normalized observations and events (SPEC §3). Pure. */
import { emptyData, type PageInfo, type Warning } from '../../core/event';
import { invalidRequest } from '../../core/errors';
import { blankObservation, type Signal } from '../../core/observation';
import type { NormalizedStatus } from '../../core/status';
import { pageCompletedData, websiteCompletedData, type LindoWebhook } from './schemas';
import type { z } from 'zod';
import { passThroughType, safeTypeName } from '../names';

export const PROVIDER = 'lindo';

/** Lindo's workflow statuses onto the normalized ones (SPEC §3.1). */
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
 * Lindo's completion webhooks carry no event id and may name the resource by
 * its workflow id or by the website/page id: the workflow id is the subject
 * (watches use it), the others are aliases a watch can be found by.
 */
export function normalizeWebhook(body: LindoWebhook): Signal[] {
  switch (body.event) {
    case 'workflow.website.completed': {
      const d = dataOf(websiteCompletedData, body.data);
      const id = firstId(d.parent_workflow_id, d.website_id);
      if (!id) throw invalidRequest([{ path: ['data', 'parent_workflow_id'], message: 'a workflow or website id is required' }]);
      const base = blankObservation({ provider: PROVIDER, kind: 'site', resourceId: id, status: 'complete', providerStatus: 'complete', observedVia: 'webhook' });
      return [{
        signal: 'state',
        hint: true,
        aliases: [d.website_id].filter((x): x is string => !!x && x !== id),
        observation: {
          ...base,
          siteId: d.website_id ?? null,
          url: d.preview_url ?? (d.domain ? `https://${d.domain}` : null),
          providerTime: d.completed_at ?? body.timestamp ?? null,
          raw: body,
        },
      }];
    }
    case 'workflow.page.completed':
    case 'workflow.blog.completed': {
      const d = dataOf(pageCompletedData, body.data);
      const kind = body.event === 'workflow.blog.completed' || d.is_blog ? 'blog' : 'page';
      const id = firstId(d.workflow_instance_id, d.page_id);
      if (!id) throw invalidRequest([{ path: ['data', 'workflow_instance_id'], message: 'a workflow or page id is required' }]);
      const base = blankObservation({ provider: PROVIDER, kind, resourceId: id, status: 'complete', providerStatus: 'complete', observedVia: 'webhook' });
      return [{
        signal: 'state',
        hint: true,
        aliases: [d.page_id].filter((x): x is string => !!x && x !== id),
        observation: {
          ...base,
          siteId: d.website_id ?? null,
          message: d.page_name ?? null,
          pages: [{ slug: null, path: d.page_path ?? null, status: 'complete', page_id: d.page_id ?? null, error: null }],
          providerTime: d.completed_at ?? body.timestamp ?? null,
          raw: body,
        },
      }];
    }
    default:
      return [passthrough(body)];
  }
}
