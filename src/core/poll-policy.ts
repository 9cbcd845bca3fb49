/**
 * What one poll's outcome means for its watch, decided in one place (as
 * retry-policy.ts does for deliveries): poll again at a time or stop after an
 * answer, give up on refused credentials, stay due for the key's budget after
 * a 429, or back off after a fault. Pure: the caller has already observed the
 * answer (so `finished` includes it) and carries the action out.
 */
import { pollDelay, type DelayInput } from './poll-schedule';

export type PollOutcomeKind = 'reading' | 'not_found' | 'refused' | 'rate_limited' | 'transient';
export type WatchLifecycle = 'active' | 'done' | 'expired' | 'error';

export interface PollPolicyInput {
  outcome: PollOutcomeKind;
  /** The outcome's message (refused, rate limited, transient). */
  message: string;
  /** The watch's state when the poll went out (a webhook may have ended it since). */
  state: WatchLifecycle;
  /** Consecutive failed polls before this one. */
  failures: number;
  /** The resource's applied state is terminal, this poll's answer included. */
  finished: boolean;
  /** The provider's own "check again in" from this answer (Lindo poll_after_ms). */
  pollAfterMs: number | null;
  now: number;
  /** The interval rules' other inputs (poll-schedule.ts). */
  schedule: Omit<DelayInput, 'pollAfterMs' | 'failures'>;
}

export type PollAction =
  /** An answer was observed: failures reset; polled again at nextPollAt, or never (null). */
  | { kind: 'observed'; state: WatchLifecycle; nextPollAt: number | null }
  /** Credentials refused: the watch stops in error and says so (watch.error, credentials_refused). */
  | { kind: 'refused'; message: string }
  /** Rate limited: stays due (first in line if hinted); the key's budget decides when it goes again. */
  | { kind: 'stay_due'; lastError: string }
  /** A fault that outlasted the retries: polled again after a backoff. */
  | { kind: 'back_off'; failures: number; lastError: string; nextPollAt: number }
  /** A failure on a watch that is no longer active: nothing to change. */
  | { kind: 'none' };

const after = (i: PollPolicyInput, o: { failures: number; pollAfterMs: number | null }) =>
  i.now + pollDelay({ ...i.schedule, ...o });

export function decidePoll(i: PollPolicyInput): PollAction {
  const active = i.state === 'active';
  switch (i.outcome) {
    case 'reading':
    case 'not_found':
      if (i.finished) return { kind: 'observed', state: 'done', nextPollAt: null };
      if (!active) return { kind: 'observed', state: i.state, nextPollAt: null };
      return { kind: 'observed', state: 'active', nextPollAt: after(i, { failures: 0, pollAfterMs: i.pollAfterMs }) };
    case 'refused':
      return active ? { kind: 'refused', message: i.message } : { kind: 'none' };
    case 'rate_limited':
      return { kind: 'stay_due', lastError: `rate limited: ${i.message}` };
    case 'transient': {
      if (!active) return { kind: 'none' };
      const failures = i.failures + 1;
      const nextPollAt = after(i, { failures, pollAfterMs: null });
      return { kind: 'back_off', failures, lastError: i.message, nextPollAt };
    }
  }
}
