/** A watch as the store reads and writes it: the type, its columns and the row mapping. */
import type { Progress } from '../core/event';
import type { Kind, NormalizedStatus } from '../core/status';
import type { SqlValue } from './sql';

export const WATCH_STATES = ['active', 'done', 'expired', 'error'] as const;
export type WatchState = (typeof WATCH_STATES)[number];
export type WatchOrigin = 'api' | 'webhook';

export interface Watch {
  id: string;
  provider: string;
  kind: Kind;
  resourceId: string;
  subject: string;
  state: WatchState;
  status: NormalizedStatus | null;
  phase: string | null;
  message: string | null;
  progress: Progress | null;
  /** The build's URL once known (from an event, or a hint the poll's answer stands in for). */
  url: string | null;
  polls: number;
  /** Consecutive failed polls (backoff). */
  failures: number;
  /** A hint asked for a poll now: polled before every merely due watch. */
  urgent: boolean;
  webhookSeen: boolean;
  origin: WatchOrigin;
  lastPolledAt: number | null;
  nextPollAt: number | null;
  deadlineAt: number;
  lastError: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: number;
  updatedAt: number;
}

export const COLUMNS: Record<keyof Watch, string> = {
  id: 'id',
  provider: 'provider',
  kind: 'kind',
  resourceId: 'resource_id',
  subject: 'subject',
  state: 'state',
  status: 'status',
  phase: 'phase',
  message: 'message',
  progress: 'progress',
  url: 'url',
  polls: 'polls',
  failures: 'failures',
  urgent: 'urgent',
  webhookSeen: 'webhook_seen',
  origin: 'origin',
  lastPolledAt: 'last_polled_at',
  nextPollAt: 'next_poll_at',
  deadlineAt: 'deadline_at',
  lastError: 'last_error',
  metadata: 'metadata',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export const toSql = (key: keyof Watch, v: unknown): SqlValue => {
  if (key === 'progress' || key === 'metadata') return v == null ? null : JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return (v ?? null) as SqlValue;
};

export function fromRow(r: Record<string, SqlValue>): Watch {
  const out = {} as Record<string, unknown>;
  for (const [key, col] of Object.entries(COLUMNS) as [keyof Watch, string][]) {
    const v = r[col] ?? null;
    if (key === 'progress' || key === 'metadata') out[key] = v === null ? null : JSON.parse(String(v));
    else if (key === 'urgent' || key === 'webhookSeen') out[key] = v === 1;
    else out[key] = v;
  }
  return out as unknown as Watch;
}
