/**
 * What the subscriptions API does (docs/api.md#subscriptions): create, change, delete,
 * rotate the secret, re-queue deliveries. Routes validate shapes; the rules
 * (target guard, secrets, not found) live here.
 */
import type { ContentFilter } from '../../core/content-filter';
import type { ContentMode } from '../../core/content-mode';
import { AppError, invalidRequest, notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { newSecret, secretKey, withSecretPrefix } from '../../core/standard-webhooks';
import type { RecoverWindow } from '../../storage/deliveries-control';
import type { Delivery, DeliveryStatus } from '../../storage/deliveries-store';
import type { Store } from '../../storage/store';
import type { Subscription } from '../../storage/subscriptions-store';
import { applySettings, circuitAfterEdit, type SettingsInput } from './settings-input';
import type { TargetGuard } from './target-guard';
import { CLOSED } from '../../core/circuit';
import { NO_SETTINGS } from '../../storage/subscription-settings';

/** After a rotation the previous secret keeps signing alongside the new one this long. */
export const ROTATION_OVERLAP_MS = 86_400_000;
const REPLAY_PAGE = 500;

/** What create and PATCH both take. */
interface SubscriptionFields extends SettingsInput {
  types?: string[];
  providers?: string[];
  resources?: string[];
  description?: string | null;
  content_mode?: ContentMode;
  filter?: ContentFilter | null;
}

export interface SubscriptionInput extends SubscriptionFields {
  url: string;
  secret?: string;
}

export interface SubscriptionPatch extends SubscriptionFields {
  url?: string;
  enabled?: boolean;
}

export interface SubscriptionServiceDeps {
  store: Store;
  guard: TargetGuard;
  now: () => number;
  /** Deliveries may have become due (re-enabled, re-queued). */
  wake: () => void;
}

export const forbiddenTarget = (reason: string) =>
  new AppError('forbidden_target', `Deliveries cannot go to this URL: ${reason}.`);

export function createSubscriptionService({ store, guard, now, wake }: SubscriptionServiceDeps) {
  async function checkUrl(url: string): Promise<void> {
    const verdict = await guard(url);
    // A host that does not resolve yet is allowed: it is checked again before every attempt.
    if (!verdict.ok && verdict.kind === 'forbidden') throw forbiddenTarget(verdict.reason);
  }

  const get = (id: string): Subscription => {
    const sub = store.subscriptions.get(id);
    if (!sub) throw notFound('No subscription with that id.');
    return sub;
  };

  return {
    get,
    list: (cursor: string | null, limit: number) => store.subscriptions.list(cursor, limit),

    async create(input: SubscriptionInput): Promise<Subscription> {
      if (input.secret !== undefined && !secretKey(input.secret)) {
        throw invalidRequest([{ path: ['secret'], message: 'expected whsec_ followed by base64 of 24-64 bytes' }]);
      }
      await checkUrl(input.url);
      const at = now();
      const sub: Subscription = {
        id: newId('sub', at),
        url: input.url,
        types: input.types ?? [],
        providers: input.providers ?? [],
        resources: input.resources ?? [],
        description: input.description ?? null,
        secret: input.secret === undefined ? newSecret() : withSecretPrefix(input.secret),
        previousSecret: null,
        previousSecretUntil: null,
        enabled: true,
        disabledReason: null,
        failingSince: null,
        contentMode: input.content_mode ?? 'json',
        filter: input.filter ?? null,
        settings: applySettings(NO_SETTINGS, input),
        circuitState: CLOSED,
        alertedAt: null,
        createdAt: at,
        updatedAt: at,
      };
      store.subscriptions.insert(sub);
      return sub;
    },

    async update(id: string, patch: SubscriptionPatch): Promise<Subscription> {
      get(id);
      if (patch.url !== undefined) await checkUrl(patch.url);
      // Read again after the await: an attempt may have changed the row meanwhile.
      const sub = get(id);
      const next: Subscription = { ...sub, updatedAt: now() };
      for (const key of ['url', 'types', 'providers', 'resources', 'description'] as const) {
        if (patch[key] !== undefined) (next as Record<typeof key, unknown>)[key] = patch[key];
      }
      if (patch.content_mode !== undefined) next.contentMode = patch.content_mode;
      if (patch.filter !== undefined) next.filter = patch.filter;
      next.settings = applySettings(sub.settings, patch);
      next.circuitState = circuitAfterEdit(sub, next.settings);
      if (patch.enabled === true && !sub.enabled)
        Object.assign(next, { enabled: true, disabledReason: null, failingSince: null });
      if (patch.enabled === false && sub.enabled)
        Object.assign(next, { enabled: false, disabledReason: 'disabled through the API' });
      store.transaction(() => {
        store.subscriptions.save(next);
        // A circuit turned off or changed while open: what it held back goes now.
        const held = Math.max(sub.circuitState.openUntil ?? 0, sub.circuitState.probeUntil ?? 0);
        if (held > 0 && next.circuitState.openUntil === null) store.deliveries.resumeHeads(id, held, next.updatedAt);
      });
      if (next.enabled) wake();
      return next;
    },

    remove(id: string): void {
      store.transaction(() => {
        if (!store.subscriptions.delete(id)) throw notFound('No subscription with that id.');
        store.deliveries.deleteForSubscription(id);
      });
    },

    rotateSecret(id: string): Subscription {
      return store.transaction(() => {
        const sub = get(id);
        const at = now();
        const next = {
          ...sub,
          secret: newSecret(),
          previousSecret: sub.secret,
          previousSecretUntil: at + ROTATION_OVERLAP_MS,
          updatedAt: at,
        };
        store.subscriptions.save(next);
        return next;
      });
    },

    /** Re-queues every stored matching event from a sequence (inclusive) or a time (when the relay stored it). */
    replay(id: string, since: { seq: number } | { time: number }): number {
      const sub = get(id);
      const from = 'seq' in since ? since.seq : store.events.firstSeqSince(since.time);
      if (from === null) return 0;
      let cursor = Math.max(0, from - 1);
      let queued = 0;
      for (;;) {
        const page = store.events.after(cursor, sub, REPLAY_PAGE);
        store.transaction(() => {
          const at = now();
          for (const e of page) if (store.deliveries.enqueue(sub.id, e, at, true)) queued++;
        });
        if (page.length < REPLAY_PAGE) break;
        cursor = page.at(-1)!.seq;
      }
      if (queued) wake();
      return queued;
    },

    /** Re-queues the failed and/or dead deliveries of a window (docs/api.md#recover); returns how many. */
    recover(id: string, window: RecoverWindow): number {
      get(id);
      const recovered = store.deliveries.recoverWindow(id, window, now());
      if (recovered) wake();
      return recovered;
    },

    /** Queues one delivery again, whatever its state, with a fresh retry schedule. */
    retry(deliveryId: string): Delivery {
      if (!store.deliveries.requeue(deliveryId, now())) throw notFound('No delivery with that id.');
      wake();
      return store.deliveries.get(deliveryId)!;
    },

    deliveries(id: string, status: DeliveryStatus | undefined, cursor: string | null, limit: number): Delivery[] {
      get(id);
      return store.deliveries.list(id, status, cursor, limit);
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
