/** Warpweb's status API: one GET per site, read into the same observation a webhook makes. Pure. */
import { providerRequest } from '../api-request';
import { blankObservation } from '../../core/observation';
import { commonErrorMessage } from '../poll-response';
import type { StatusApi } from '../types';
import { mapStatus, mapUsage, mapWarnings, PROVIDER } from './mappings';
import { siteStatusSchema } from './status-schema';

export const warpwebStatus: StatusApi = {
  apiKey: (config) => config.warpweb.apiKey,
  apiKeyVar: 'WARPWEB_API_KEY',
  limits: (config) => config.warpweb.rateLimits,

  request(_kind, id, config, apiKey) {
    return providerRequest(`${config.warpweb.apiUrl}/v1/sites/${encodeURIComponent(id)}`, apiKey);
  },

  read(_kind, id, body) {
    const parsed = siteStatusSchema.safeParse(body);
    if (!parsed.success || parsed.data.id !== id) return null;
    const s = parsed.data;
    const status = mapStatus(s.status);
    if (!status) return null;
    const running = status === 'running';
    return {
      observation: {
        ...blankObservation({
          provider: PROVIDER,
          kind: 'site',
          resourceId: id,
          status,
          providerStatus: s.status,
          observedVia: 'poll',
        }),
        phase: running ? (s.generation_phase ?? null) : null,
        message: running ? (s.generation_message ?? null) : null,
        url: s.deployment_url ?? null,
        warnings: mapWarnings(s.warnings),
        error: status === 'failed' ? { code: 'build_failed', message: s.last_error ?? 'The build failed.' } : null,
        usage: mapUsage(s.usage),
        siteId: id,
        providerTime: s.updated_at ?? null,
        raw: body,
      },
      pollAfterMs: null,
      aliases: [],
    };
  },

  errorMessage: commonErrorMessage,
  siteId: (kind, id) => (kind === 'site' ? id : null),
};
