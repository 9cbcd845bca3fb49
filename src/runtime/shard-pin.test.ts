import { describe, expect, it } from 'vitest';
import { ConfigError } from '../env-values';
import { pinShardCount, SHARD_COUNT_KEY } from './shard-pin';

const memoryMeta = () => {
  const values = new Map<string, string>();
  return {
    values,
    setIfAbsent(key: string, value: string): string {
      if (!values.has(key)) values.set(key, value);
      return values.get(key)!;
    },
  };
};

describe('pinShardCount', () => {
  it('records the first count and accepts it again', () => {
    const meta = memoryMeta();
    pinShardCount(meta, 4);
    pinShardCount(meta, 4);
    expect(meta.values.get(SHARD_COUNT_KEY)).toBe('4');
  });

  it('refuses another count with one line naming the variable and the count in force', () => {
    const meta = memoryMeta();
    pinShardCount(meta, 4);
    expect(() => pinShardCount(meta, 8)).toThrow(ConfigError);
    expect(() => pinShardCount(meta, 8)).toThrow(
      /^invalid configuration: SITEWIRE_SHARDS: .* over 4 shards; set it back to 4 .* \(got "8"\)$/,
    );
    expect(meta.values.get(SHARD_COUNT_KEY)).toBe('4');
  });
});
