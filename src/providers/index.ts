/** The provider registry: adding a provider is one folder and one line here. */
import { lindo } from './lindo';
import type { ProviderAdapter } from './types';
import { warpweb } from './warpweb';

const ADAPTERS = [warpweb, lindo] as const;

export const PROVIDERS: readonly ProviderAdapter[] = ADAPTERS;

export const PROVIDER_NAMES = PROVIDERS.map((p) => p.name);

type Adapter = (typeof ADAPTERS)[number];

/** Each provider's settings, under its name: the part of Config the providers contribute. */
export type ProviderSettings = {
  [A in Adapter as A['name']]: A extends ProviderAdapter<string, infer Settings> ? Settings : never;
};

export function findProvider(name: string): ProviderAdapter | undefined {
  return PROVIDERS.find((p) => p.name === name);
}
