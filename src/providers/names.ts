/**
 * Names the relay takes from providers' free text, made into the forms the
 * contract promises.
 *
 * The type of an event passed through as the provider named it (docs/events.md#event-types:
 * `<provider>.<original type>`), kept as it is but for control characters
 * and white space, which become `_`: a line break in a type would let a
 * webhook write SSE fields of its own (`id:` among them, derailing every
 * listener's resume), and no sane type name holds either.
 */
export const safeTypeName = (name: string): string => name.replace(/[\s\p{Cc}\p{Cf}]+/gu, '_');

export const passThroughType = (provider: string, original: string): string => `${provider}.${safeTypeName(original)}`;

/**
 * `data.error.code` is snake_case (docs/events.md#the-event): a provider's own machine code (Warpweb's `reason`) is
 * taken in that form (`PROMPT-TOO-LONG` -> `prompt_too_long`), or the fallback when nothing is left.
 */
export function errorCode(providerCode: string | null | undefined, fallback: string): string {
  const code = (providerCode ?? '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return code || fallback;
}
