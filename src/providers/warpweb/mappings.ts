/** Warpweb's fields onto the normalized ones (docs/events.md#statuses), shared by webhooks and status polls. Pure. */
import type { Usage, Warning } from '../../core/event';
import type { NormalizedStatus } from '../../core/status';
import type { WarpwebUsage, WarpwebWarning } from './schemas';

export const PROVIDER = 'warpweb';

export function mapWarnings(list: readonly WarpwebWarning[] | null | undefined): Warning[] | null {
  if (!list || list.length === 0) return null;
  return list.map((w) => ({
    code: w.rule,
    severity: w.severity ?? null,
    page: w.page ?? null,
    viewport: w.viewport ?? null,
    message: w.description ?? null,
    fix_prompt: w.fix_via_revision?.suggested_prompt ?? null,
  }));
}

export function mapUsage(u: WarpwebUsage | null | undefined): Usage | null {
  if (!u) return null;
  return {
    credits_charged: u.credits_charged ?? null,
    tokens_in: u.tokens_in ?? null,
    tokens_out: u.tokens_out ?? null,
    cost_usd: u.cost_usd ?? null,
  };
}

/** Warpweb's status names onto the normalized ones (docs/events.md#statuses). */
export function mapStatus(status: string): NormalizedStatus | null {
  switch (status) {
    case 'generating':
      return 'running';
    case 'complete':
    case 'complete_with_warnings':
    case 'failed':
      return status;
    default:
      return null;
  }
}
