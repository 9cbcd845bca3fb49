/** The Worker's own read of the configuration (it verifies webhooks before any object sees them). */
import { type Config, ConfigError, loadConfig } from '../config';

/**
 * The configuration, read once per set of bindings (a Worker isolate sees the same one each request);
 * null when it is invalid (the relay object then answers 503 naming the variable).
 */
const configs = new WeakMap<object, Config | null>();
export function configOf(env: Record<string, unknown>): Config | null {
  let config = configs.get(env);
  if (config === undefined) {
    try {
      config = loadConfig(env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      config = null;
    }
    configs.set(env, config);
  }
  return config;
}
