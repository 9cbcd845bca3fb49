// The bindings the workers tests see (wrangler.toml plus the vitest.config.ts bindings).
declare namespace Cloudflare {
  interface Env {
    RELAY: DurableObjectNamespace<import('../../src/runtime/worker').SitewireRelay>;
    SITEWIRE_ADMIN_TOKEN: string;
    WARPWEB_WEBHOOK_SECRET: string;
  }
}
