/** The provider registry: adding a provider is one folder and one line here. */
import { lindo } from './lindo';
import type { ProviderAdapter } from './types';
import { warpweb } from './warpweb';

export const PROVIDERS: readonly ProviderAdapter[] = [warpweb, lindo];

export const PROVIDER_NAMES = PROVIDERS.map((p) => p.name);

export function findProvider(name: string): ProviderAdapter | undefined {
  return PROVIDERS.find((p) => p.name === name);
}
