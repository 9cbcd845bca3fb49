/** A provider's own environment variables, parsed with the rest of the configuration at start. */
import type { z } from 'zod';

/** Each variable's parser, by name: it gets the raw string, or undefined when unset. */
export type EnvVars = Record<string, z.ZodType<unknown, string | undefined>>;

export interface ProviderEnv<Settings = unknown> {
  /** A bad value stops start-up with one line naming the variable. */
  readonly vars: EnvVars;
  /** Variables whose values are never echoed back (keys, secrets, tokens). */
  readonly secrets: readonly string[];
  /** The parsed values -> this provider's settings, found in Config under the provider's name. */
  settings(values: Readonly<Record<string, unknown>>): Settings;
}

/** Keeps `settings` typed by the very parsers in `vars`. */
export function defineEnv<Vars extends EnvVars, Settings>(env: {
  vars: Vars;
  secrets: readonly (keyof Vars & string)[];
  settings(values: z.output<z.ZodObject<Vars>>): Settings;
}): ProviderEnv<Settings> {
  return env as ProviderEnv<Settings>;
}
