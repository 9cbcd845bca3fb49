/**
 * A subject's state (its last status, its webhooks' dedup keys) lives on the shard its hash picks,
 * so a different SITEWIRE_SHARDS would send a subject to a shard that has never seen it: a second
 * "first" event, a webhook retry taken as new. The count in force is therefore recorded by the log
 * object the first time shards hold state, and a different one is refused until it is set back
 * (docs/scaling.md#changing-the-shard-count).
 */
import { ConfigError } from '../env-values';

export const SHARD_COUNT_KEY = 'topology_shards';

interface PinStore {
  setIfAbsent(key: string, value: string): string;
}

/** Records `shards` if nothing is recorded yet; throws a ConfigError naming both counts if another is. */
export function pinShardCount(meta: PinStore, shards: number): void {
  const pinned = Number(meta.setIfAbsent(SHARD_COUNT_KEY, String(shards)));
  if (pinned === shards) return;
  throw new ConfigError(
    `invalid configuration: SITEWIRE_SHARDS: this deployment's resource state is spread over ${pinned} shards; ` +
      `set it back to ${pinned} (changing it needs a migration) (got "${shards}")`,
  );
}
