import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { PROVIDERS } from './index';

describe('the provider registry', () => {
  it('lists each provider once', () => {
    expect(PROVIDERS.map((p) => p.name)).toEqual(['warpweb', 'lindo']);
  });

  it.each(PROVIDERS.map((p) => [p.name, p] as const))('%s declares its own variables, secrets and docs', (name, p) => {
    const vars = Object.keys(p.env.vars);
    expect(vars.every((v) => v.startsWith(`${name.toUpperCase()}_`))).toBe(true);
    expect(p.env.secrets.every((s) => vars.includes(s))).toBe(true);
    if (p.status) {
      expect(vars).toContain(p.status.apiKeyVar);
      expect(p.env.secrets).toContain(p.status.apiKeyVar);
    }
    expect(p.ingestDoc.component).toMatch(/^[A-Z]\w+Webhook$/);
  });

  it('puts each provider settings in the configuration under its name', () => {
    const config = loadConfig({ WARPWEB_API_KEY: 'wwk_1', LINDO_API_KEY: 'lindo_sk_1' });
    expect(PROVIDERS.map((p) => p.status?.apiKey(config))).toEqual(['wwk_1', 'lindo_sk_1']);
    expect(PROVIDERS.map((p) => p.webhookUrl('https://relay.example', config))).toEqual([
      'https://relay.example/ingest/warpweb  (set WARPWEB_WEBHOOK_SECRET to enable)',
      'https://relay.example/ingest/lindo?token=...  (set LINDO_WEBHOOK_TOKEN to enable)',
    ]);
  });
});
