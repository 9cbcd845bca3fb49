/** Lindo's status API: one endpoint per workflow kind, both answer shapes, read into observations. Pure. */
import { providerRequest } from '../api-request';
import type { PageInfo } from '../../core/event';
import { blankObservation } from '../../core/observation';
import type { Kind } from '../../core/status';
import { isObject } from '../parse-json';
import { commonErrorMessage } from '../poll-response';
import type { StatusApi } from '../types';
import { erroredPagesAsWarnings, mapStatus, PROVIDER } from './normalize';
import { detailsSchema, statusObjectSchema, type LindoDetails, type LindoPage } from './status-schema';

const PATHS: Record<Kind, string> = {
  site: 'website/status',
  revision: 'website/edit/status',
  page: 'page/status',
  blog: 'blog/status',
};

/** The object that carries `status`: the body itself (flat) or its `result` (nested). */
export function statusObjectOf(body: unknown): Record<string, unknown> | null {
  if (!isObject(body)) return null;
  if (typeof body.status === 'string') return body;
  return isObject(body.result) && typeof body.result.status === 'string' ? body.result : null;
}

/** Details may be in the status object's `result` or beside its status; the nested `result` wins. */
function detailsOf(obj: Record<string, unknown>): LindoDetails {
  const inner = isObject(obj.result) ? obj.result : {};
  const parsed = detailsSchema.safeParse({ ...obj, ...inner });
  return parsed.success ? parsed.data : {};
}

const pageInfo = (p: LindoPage): PageInfo => ({
  slug: p.slug ?? null,
  path: p.path ?? null,
  status: p.status ?? null,
  page_id: p.page_id ?? null,
  error: p.error_message ?? p.error ?? null,
});

/** Ids a completion webhook may name this workflow by. */
function aliasesOf(kind: Kind, d: LindoDetails, id: string): string[] {
  const ids = kind === 'page' ? [d.page_id] : kind === 'blog' ? [d.blog_id, d.page_id] : [d.website_id];
  return [...new Set(ids.filter((x): x is string => !!x && x !== id))];
}

export const lindoStatus: StatusApi = {
  apiKey: (config) => config.lindo.apiKey,
  apiKeyVar: 'LINDO_API_KEY',
  limits: (config) => config.lindo.rateLimits,

  request(kind, id, config, apiKey) {
    return providerRequest(`${config.lindo.apiUrl}/v1/ai/workspace/${PATHS[kind]}/${encodeURIComponent(id)}`, apiKey);
  },

  read(kind, id, body) {
    const raw = statusObjectOf(body);
    if (!raw || (isObject(body) && body.success === false)) return null;
    const parsed = statusObjectSchema.safeParse(raw);
    if (!parsed.success || parsed.data.success === false) return null;
    const s = parsed.data;
    const named = s.record_id ?? s.workflow_id ?? s.instance_id;
    if (named && named !== id) return null;
    const status = mapStatus(s.status);
    if (!status) return null;
    const d = detailsOf(raw);
    const pages = d.pages ? d.pages.map(pageInfo) : null;
    const summary = d.pages_summary;
    const errorText = typeof s.error === 'string' ? s.error : (s.error?.message ?? null);
    return {
      observation: {
        ...blankObservation({
          provider: PROVIDER,
          kind,
          resourceId: id,
          status,
          providerStatus: s.status,
          observedVia: 'poll',
        }),
        message: s.message ?? null,
        progress: summary
          ? { total: summary.total, complete: summary.complete, running: summary.running, errored: summary.errored }
          : null,
        pages,
        warnings: status === 'complete_with_warnings' ? erroredPagesAsWarnings(pages) : null,
        error: status === 'failed' ? { code: 'workflow_errored', message: errorText ?? 'The workflow failed.' } : null,
        siteId: d.website_id ?? null,
        raw: body,
      },
      pollAfterMs: s.done ? null : (s.poll_after_ms ?? null),
      aliases: aliasesOf(kind, d, id),
    };
  },

  errorMessage: commonErrorMessage,
};
