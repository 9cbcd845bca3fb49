import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.workers.test.ts', 'node_modules/**'],
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
              bindings: {
                SITEWIRE_ADMIN_TOKEN: 'test-admin-token-0123456789',
                WARPWEB_WEBHOOK_SECRET: 'whsec_test_secret_for_relay_fixtures',
                LINDO_WEBHOOK_TOKEN: 'lindo-hook-token-123',
                SITEWIRE_ALLOW_PRIVATE_TARGETS: 'true',
                SITEWIRE_SSE_HEARTBEAT_MS: '50',
                SITEWIRE_LOG: 'error',
              },
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['src/**/*.workers.test.ts', 'test/**/*.workers.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
