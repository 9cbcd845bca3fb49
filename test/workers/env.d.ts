// What the workers tests see: the Worker's exports and its bindings
// (wrangler.toml plus the bindings vitest.config.ts adds).
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../src/runtime/worker');
  }
  interface Env {
    RELAY: DurableObjectNamespace<import('../../src/runtime/worker').SitewireRelay>;
    FANOUT: DurableObjectNamespace<import('../../src/runtime/worker').SitewireFanout>;
    SHARD: DurableObjectNamespace<import('../../src/runtime/worker').SitewireShard>;
    SITEWIRE_SHARDS: string;
    POLLER: DurableObjectNamespace<import('../../src/runtime/worker').SitewirePoller>;
    SITEWIRE_ADMIN_TOKEN: string;
    WARPWEB_WEBHOOK_SECRET: string;
    WARPWEB_API_KEY: string;
    LINDO_API_KEY: string;
    LINDO_WEBHOOK_TOKEN: string;
  }
}
