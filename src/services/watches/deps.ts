/** What the watch services need from the relay (passed in by createRelay). */
import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { Store } from '../../storage/store';
import type { Recorder } from '../recorder';
import type { Ticker } from '../ticker';

export interface WatchDeps {
  config: Config;
  store: Store;
  recorder: Recorder;
  ticker: Ticker;
  fetch: typeof fetch;
  now: () => number;
  logger: Logger;
  /** Aborts polls in flight when the relay closes (relay.close()). */
  stop?: AbortSignal;
  /** Jitter source; tests may fix it. */
  random?: () => number;
}

/** One due-row task per provider, so a slow provider never holds up another's polls. */
export const pollTaskName = (provider: string) => `poll:${provider}`;
