import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration defaults (docs/configuration.md)', () => {
  it('needs nothing', () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      dbPath: './data/sitewire.db',
      adminToken: undefined,
      publicUrl: undefined,
      warpweb: {
        apiUrl: 'https://api.warpweb.ai',
        apiKey: undefined,
        webhookSecrets: [],
        legacySignatures: false,
        rateLimits: [{ limit: 30, windowMs: 60000 }],
      },
      lindo: {
        apiUrl: 'https://api.lindo.ai',
        apiKey: undefined,
        webhookToken: undefined,
        rateLimits: [
          { limit: 100, windowMs: 60000 },
          { limit: 1000, windowMs: 3600000 },
        ],
      },
      pollIntervalMs: 3000,
      pollSafetyMs: 30000,
      pollTimeoutMs: 10000,
      watchDeadlineS: 3600,
      pauseCheckS: 21600,
      retryScheduleMs: [5e3, 30e3, 120e3, 600e3, 1800e3, 3600e3, 10800e3, 21600e3, 43200e3, 86400e3],
      deliveryTimeoutMs: 10000,
      allowPrivateTargets: false,
      sseHeartbeatMs: 15000,
      sseMaxBufferBytes: 1048576,
      retentionDays: 7,
      maxBodyBytes: 1048576,
      logLevel: 'info',
    });
  });

  it('treats empty values as unset and ignores non-string bindings', () => {
    expect(
      loadConfig({ PORT: '', SITEWIRE_LOG: '', WARPWEB_WEBHOOK_SECRET: '', SITEWIRE_DB: { binding: true } }),
    ).toMatchObject({
      port: 8787,
      logLevel: 'info',
      dbPath: './data/sitewire.db',
      warpweb: { webhookSecrets: [] },
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      SITEWIRE_DB: ':memory:',
      SITEWIRE_ADMIN_TOKEN: 'admin-token-0123456789',
      SITEWIRE_PUBLIC_URL: 'https://relay.example.com/',
      WARPWEB_API_URL: 'http://127.0.0.1:9000/',
      WARPWEB_API_KEY: 'wwk_abc',
      WARPWEB_WEBHOOK_SECRET: 'whsec_new, whsec_old',
      WARPWEB_LEGACY_SIGNATURES: 'true',
      LINDO_API_URL: 'http://127.0.0.1:9001',
      LINDO_API_KEY: 'lindo_sk_abc',
      LINDO_WEBHOOK_TOKEN: 'lindo-token',
      SITEWIRE_POLL_INTERVAL_MS: '100',
      SITEWIRE_POLL_SAFETY_MS: '200',
      SITEWIRE_WATCH_DEADLINE_S: '60',
      SITEWIRE_PAUSE_CHECK_S: '90',
      SITEWIRE_RETRY_SCHEDULE: '100ms, 1s,2m',
      SITEWIRE_DELIVERY_TIMEOUT_MS: '500',
      SITEWIRE_ALLOW_PRIVATE_TARGETS: '1',
      SITEWIRE_SSE_HEARTBEAT_MS: '50',
      SITEWIRE_SSE_MAX_BUFFER_BYTES: '8192',
      SITEWIRE_RETENTION_DAYS: '0.5',
      SITEWIRE_MAX_BODY_BYTES: '2048',
      SITEWIRE_LOG: 'debug',
    });
    expect(c).toEqual({
      port: 0,
      host: '0.0.0.0',
      dbPath: ':memory:',
      adminToken: 'admin-token-0123456789',
      publicUrl: 'https://relay.example.com',
      warpweb: {
        apiUrl: 'http://127.0.0.1:9000',
        apiKey: 'wwk_abc',
        webhookSecrets: ['whsec_new', 'whsec_old'],
        legacySignatures: true,
        rateLimits: [{ limit: 30, windowMs: 60000 }],
      },
      lindo: {
        apiUrl: 'http://127.0.0.1:9001',
        apiKey: 'lindo_sk_abc',
        webhookToken: 'lindo-token',
        rateLimits: [
          { limit: 100, windowMs: 60000 },
          { limit: 1000, windowMs: 3600000 },
        ],
      },
      pollIntervalMs: 100,
      pollSafetyMs: 200,
      pollTimeoutMs: 10000,
      watchDeadlineS: 60,
      pauseCheckS: 90,
      retryScheduleMs: [100, 1000, 120_000],
      deliveryTimeoutMs: 500,
      allowPrivateTargets: true,
      sseHeartbeatMs: 50,
      sseMaxBufferBytes: 8192,
      retentionDays: 0.5,
      maxBodyBytes: 2048,
      logLevel: 'debug',
    });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads the boolean %s', (v, b) => {
    expect(loadConfig({ WARPWEB_LEGACY_SIGNATURES: v }).warpweb.legacySignatures).toBe(b);
  });
});

describe('a bad value stops start-up with one line naming the variable', () => {
  const SECRET_VARS = new Set([
    'SITEWIRE_ADMIN_TOKEN',
    'WARPWEB_API_KEY',
    'WARPWEB_WEBHOOK_SECRET',
    'LINDO_API_KEY',
    'LINDO_WEBHOOK_TOKEN',
  ]);

  it.each([
    ['PORT', 'http'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['SITEWIRE_ADMIN_TOKEN', 'short'],
    ['SITEWIRE_ADMIN_TOKEN', 'has spaces in the admin token'],
    ['SITEWIRE_PUBLIC_URL', 'relay.example.com'],
    ['SITEWIRE_PUBLIC_URL', 'ftp://relay.example.com'],
    ['WARPWEB_API_URL', 'not a url'],
    ['WARPWEB_API_KEY', 'sk_live_123'],
    ['WARPWEB_WEBHOOK_SECRET', ' , '],
    ['WARPWEB_LEGACY_SIGNATURES', 'maybe'],
    ['LINDO_API_URL', 'mailto:a@b.c'],
    ['LINDO_API_KEY', 'wwk_wrong_provider'],
    ['LINDO_WEBHOOK_TOKEN', 'short'],
    ['SITEWIRE_POLL_INTERVAL_MS', '10'],
    ['SITEWIRE_POLL_INTERVAL_MS', 'fast'],
    ['SITEWIRE_POLL_SAFETY_MS', '3s'],
    ['SITEWIRE_WATCH_DEADLINE_S', '0'],
    ['SITEWIRE_PAUSE_CHECK_S', '0'],
    ['SITEWIRE_PAUSE_CHECK_S', '6h'],
    ['SITEWIRE_RETRY_SCHEDULE', '5s,soon'],
    ['SITEWIRE_RETRY_SCHEDULE', '5s,0s'],
    ['SITEWIRE_RETRY_SCHEDULE', '5s,,1m'],
    ['SITEWIRE_DELIVERY_TIMEOUT_MS', '0'],
    ['SITEWIRE_ALLOW_PRIVATE_TARGETS', 'on'],
    ['SITEWIRE_SSE_HEARTBEAT_MS', '1'],
    ['SITEWIRE_SSE_MAX_BUFFER_BYTES', '100'],
    ['SITEWIRE_RETENTION_DAYS', '0'],
    ['SITEWIRE_RETENTION_DAYS', '-1'],
    ['SITEWIRE_RETENTION_DAYS', 'week'],
    ['SITEWIRE_MAX_BODY_BYTES', '1mb'],
    ['SITEWIRE_LOG', 'verbose'],
    // Past what a timer takes: the heartbeat would fire every millisecond, a timeout would throw.
    ['SITEWIRE_SSE_HEARTBEAT_MS', '2147483648'],
    ['SITEWIRE_DELIVERY_TIMEOUT_MS', '4294967296'],
    ['SITEWIRE_POLL_TIMEOUT_MS', '4294967296'],
    ['SITEWIRE_POLL_INTERVAL_MS', '99999999999'],
    ['SITEWIRE_POLL_SAFETY_MS', '99999999999'],
    // Past the API's 30-day bound (and far enough out, a date that cannot be written).
    ['SITEWIRE_WATCH_DEADLINE_S', '2592001'],
    ['SITEWIRE_WATCH_DEADLINE_S', '99999999999999'],
  ])('%s=%j', (name, value) => {
    let err: unknown;
    try {
      loadConfig({ PORT: '8787', [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toMatch(new RegExp(`^invalid configuration: ${name}: `));
    expect(message).not.toContain('\n');
    // Secrets are never echoed back; other values are, to show what was read.
    if (SECRET_VARS.has(name)) expect(message).not.toContain(value.trim() || '\u0000');
    else expect(message).toContain(JSON.stringify(value));
  });
});
