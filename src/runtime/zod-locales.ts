/**
 * Stands in for zod's table of ~45 message locales in the Worker bundle
 * (wrangler.toml [alias]). @hono/zod-openapi hands the whole `z` namespace to
 * zod-to-openapi, so nothing in it can be tree-shaken, and the locales alone
 * are about 38 KiB of the gzipped Worker. sitewire speaks English; zod
 * registers English by itself, and `z.locales.en` stays available.
 */
export { default as en } from 'zod/v4/locales/en.js';
