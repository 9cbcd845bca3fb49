/** Warpweb payloads -> normalized observations and events (docs/events.md). Pure. */
import { emptyData, subjectOf } from '../../core/event';
import { invalidRequest } from '../../core/errors';
import { blankObservation, type Observation, type Signal } from '../../core/observation';
import type { Kind, NormalizedStatus } from '../../core/status';
import {
  completePayload,
  failedPayload,
  formPayload,
  revisionPayload,
  type Envelope,
  type LegacyBody,
} from './schemas';
import type { z } from 'zod';
import { errorCode, passThroughType } from '../names';

import { mapUsage, mapWarnings, PROVIDER } from './mappings';

export { PROVIDER };

interface Common {
  eventId: string;
  siteId: string | undefined;
  time: string | null;
  raw: unknown;
}

function payloadOf<S extends z.ZodType>(schema: S, payload: unknown, path: string): z.output<S> {
  const r = schema.safeParse(payload ?? {});
  if (!r.success) throw invalidRequest(r.error.issues.map((i) => ({ ...i, path: [path, ...i.path] })));
  return r.data;
}

function requireSite(c: Common, type: string): string {
  if (!c.siteId) throw invalidRequest([{ path: ['site_id'], message: `required for ${type}` }]);
  return c.siteId;
}

function observe(
  c: Common,
  kind: Kind,
  resourceId: string,
  status: NormalizedStatus,
  providerStatus: string,
): Observation {
  return {
    ...blankObservation({ provider: PROVIDER, kind, resourceId, status, providerStatus, observedVia: 'webhook' }),
    siteId: c.siteId ?? null,
    providerTime: c.time,
    providerEventId: c.eventId,
    raw: c.raw,
  };
}

const state = (observation: Observation): Signal => ({ signal: 'state', observation });

function siteComplete(c: Common, payload: unknown, url?: string | null): Signal {
  const p = payloadOf(completePayload, payload, 'payload');
  const warnings = mapWarnings(p.warnings);
  const status = warnings || p.status === 'complete_with_warnings' ? 'complete_with_warnings' : 'complete';
  return state({
    ...observe(c, 'site', requireSite(c, 'site.complete'), status, status),
    url: p.deployment_url ?? url ?? null,
    warnings,
    usage: mapUsage(p.usage),
  });
}

function siteFailed(c: Common, payload: unknown): Signal {
  const p = payloadOf(failedPayload, payload, 'payload');
  return state({
    ...observe(c, 'site', requireSite(c, 'site.failed'), 'failed', 'failed'),
    error: {
      code: errorCode(p.reason, 'build_failed'),
      message: p.last_error ?? p.error ?? p.reason_detail ?? 'The build failed.',
    },
  });
}

/** Revision events name the revision when they can; without an id the site stands in for it. */
function revision(
  c: Common,
  payload: unknown,
  outcome: 'complete' | 'failed' | 'clarification',
  revisionId?: string | null,
): Signal {
  const p = payloadOf(revisionPayload, payload, 'payload');
  const id = p.revision_id ?? p.revisionId ?? revisionId ?? requireSite(c, 'revision events');
  if (outcome === 'complete') {
    return state({
      ...observe(c, 'revision', id, 'complete', 'complete'),
      url: p.deployment_url ?? null,
      usage: mapUsage(p.usage),
    });
  }
  if (outcome === 'failed') {
    return state({
      ...observe(c, 'revision', id, 'failed', 'failed'),
      error: { code: errorCode(p.reason, 'revision_failed'), message: p.reason_detail ?? 'The revision failed.' },
    });
  }
  return state({
    ...observe(c, 'revision', id, 'running', 'clarification_needed'),
    phase: 'clarification_needed',
    message: p.question ?? null,
    typeOverride: 'revision.clarification_needed',
  });
}

function directEvent(c: Common, type: string, extra: Record<string, unknown> = {}): Signal {
  const data = { ...emptyData(PROVIDER, 'webhook'), provider_event_id: c.eventId, raw: c.raw, ...extra };
  if (c.siteId) Object.assign(data, { kind: 'site', resource_id: c.siteId, site_id: c.siteId });
  return {
    signal: 'event',
    type,
    subject: c.siteId ? subjectOf(PROVIDER, 'site', c.siteId) : `${PROVIDER}/account`,
    provider: PROVIDER,
    time: c.time,
    data,
  };
}

function formSubmitted(c: Common, payload: unknown): Signal {
  const p = payloadOf(formPayload, payload, 'payload');
  const form = {
    name: p.name ?? null,
    email: p.email ?? null,
    phone: p.phone ?? null,
    message: p.message ?? null,
    fields: p.fields ?? p.raw_fields ?? null,
  };
  return directEvent({ ...c, time: p.submitted_at ?? c.time }, 'form.submitted', { form });
}

export function normalizeEnvelope(body: Envelope): Signal[] {
  const c: Common = { eventId: body.event_id, siteId: body.site_id, time: body.occurred_at ?? null, raw: body };
  const payload = body.payload ?? {};
  switch (body.type) {
    case 'site.research_ready': {
      const obs = observe(c, 'site', requireSite(c, body.type), 'running', 'generating');
      const message = typeof payload.message === 'string' ? payload.message : null;
      return [state({ ...obs, phase: 'research_review', message })];
    }
    case 'site.complete':
      return [siteComplete(c, payload)];
    case 'site.failed':
      return [siteFailed(c, payload)];
    case 'site.revision_complete':
      return [revision(c, payload, 'complete')];
    case 'site.revision_failed':
      return [revision(c, payload, 'failed')];
    case 'site.revision_clarification_needed':
      return [revision(c, payload, 'clarification')];
    case 'form.submit':
      return [formSubmitted(c, payload)];
    default:
      return [directEvent(c, passThroughType(PROVIDER, body.type))];
  }
}

export function normalizeLegacy(body: LegacyBody): Signal[] {
  const c: Common = {
    eventId: body.event_id,
    siteId: body.site_id,
    time: body.occurred_at ?? body.submitted_at ?? null,
    raw: body,
  };
  switch (body.event_type) {
    case 'site.build_complete':
      return [siteComplete(c, {}, body.deployed_url)];
    case 'site.build_failed':
      return [siteFailed(c, { reason: body.reason, reason_detail: body.reason_detail, error: body.error })];
    case 'site.revision_complete':
      return [revision(c, { deployment_url: body.deployed_url }, 'complete', body.revision_id)];
    case 'site.revision_failed':
      return [revision(c, { reason: body.reason, reason_detail: body.reason_detail }, 'failed', body.revision_id)];
    case 'form_submission':
      return [formSubmitted(c, { ...body, fields: body.raw_fields })];
    default:
      return [directEvent(c, passThroughType(PROVIDER, body.event_type))];
  }
}
