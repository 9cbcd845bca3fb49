/**
 * The per-event pipeline's watch step: every state event about a watched
 * resource is mirrored onto its watch (status, phase, message, progress, URL),
 * and a terminal one ends the watch without another poll. This is the only
 * place that writes the watch's status columns after it was created.
 */
import { isTerminal } from '../../core/status';
import type { Store } from '../../storage/store';
import type { AppendStep } from '../recorder';

export function mirrorOntoWatch(store: Store): AppendStep {
  return (e, now) => {
    if (e.type.startsWith('watch.')) return;
    const status = e.data.status;
    if (!status) return;
    const watch = store.watches.bySubject(e.subject);
    if (!watch) return;
    // A revision that needs an answer ends its watch too: nothing more happens until someone replies.
    const ends = (isTerminal(status) || e.type === 'revision.clarification_needed') && watch.state !== 'done';
    store.watches.patch(watch.id, {
      status,
      phase: e.data.phase ?? null,
      message: e.data.message ?? null,
      progress: e.data.progress ?? null,
      url: e.data.url ?? watch.url,
      updatedAt: now,
      ...(e.data.observed_via === 'webhook' ? { webhookSeen: true } : {}),
      ...(ends ? { state: 'done' as const, nextPollAt: null, urgent: false } : {}),
    });
  };
}
