import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/reporters';

/**
 * One plain line after the default summary, `Tests: N passed, N failed`, for
 * scripts and logs that read the outcome without colours. A file that failed
 * before any test ran and an error outside any test count as failures too.
 */
const totals: Reporter = {
  onTestRunEnd(modules, unhandledErrors) {
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const m of modules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failedHere += 1;
      }
      failed += failedHere || (m.state() === 'failed' ? 1 : 0);
    }
    process.stdout.write(`Tests: ${passed} passed, ${failed} failed\n`);
  },
};

export default defineConfig({
  test: {
    reporters: ['default', totals],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.workers.test.ts', 'node_modules/**'],
          // Every answer the suite gets from the app is checked against /openapi.json.
          setupFiles: ['./test/setup/contract-hook.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The same relay in real workerd: the Worker, its Durable Object, SQLite storage and alarms.
        plugins: [
          cloudflareTest({
            main: './src/runtime/worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // Short intervals keep the alarm-driven tests quick; the provider APIs are stubbed per
              // test through the global fetch (test/workers/outbound.ts). Their URLs are a closed
              // loopback port: a check an object makes after its test (a Warpweb pause check is due a
              // minute after a site goes live) is refused at once instead of waiting on DNS, which
              // held the runtime open at the end of the run.
              bindings: {
                SITEWIRE_ADMIN_TOKEN: 'test-admin-token-0123456789',
                WARPWEB_WEBHOOK_SECRET: 'whsec_test_secret_for_relay_fixtures',
                LINDO_WEBHOOK_TOKEN: 'lindo-hook-token-123',
                WARPWEB_API_URL: 'http://127.0.0.1:9/warpweb',
                WARPWEB_API_KEY: 'wwk_workers_test_key_000000000000000000000000000',
                LINDO_API_URL: 'http://127.0.0.1:9/lindo',
                LINDO_API_KEY: 'lindo_sk_workers_test_key',
                WARPWEB_RATE_LIMIT: '6000/1m',
                LINDO_RATE_LIMIT: '6000/1m',
                SITEWIRE_POLL_INTERVAL_MS: '50',
                SITEWIRE_POLL_SAFETY_MS: '200',
                SITEWIRE_POLL_TIMEOUT_MS: '2000',
                SITEWIRE_RETRY_SCHEDULE: '100ms,200ms,500ms,1s,2s,5s',
                SITEWIRE_DELIVERY_TIMEOUT_MS: '2000',
                SITEWIRE_ALLOW_PRIVATE_TARGETS: 'true',
                SITEWIRE_SSE_HEARTBEAT_MS: '50',
                SITEWIRE_LOG: 'error',
                // The whole Workers suite runs on three resource shards in front of the log.
                SITEWIRE_SHARDS: '3',
              },
              // Queue batches without waiting a second each, so retries keep their short schedule.
              queueConsumers: { 'sitewire-deliveries': { maxBatchTimeout: 0.05 } },
            },
          }),
        ],
        test: {
          name: 'workers',
          // One workerd runtime per test worker rather than one per file: starting one costs seconds.
          // Files then share the runtime's storage and objects, so every test uses its own resource
          // ids and scopes its subscriptions to them; restart.workers.test.ts resets the objects.
          isolate: false,
          include: ['src/**/*.workers.test.ts', 'test/**/*.workers.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
