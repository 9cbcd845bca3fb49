/**
 * The soak suite (`npm run soak`): every scenario against a relay process on
 * loopback, bounded in time, sizes from the environment, a table at the end.
 * Exits 1 when any scenario failed. A small version runs in `npm test`
 * (test/soak.test.ts).
 */
import { cpus, totalmem } from 'node:os';
import { crashStorm } from './crash-storm';
import { hostileRequests } from './hostile';
import { receiverOutage } from './receiver-outage';
import type { SoakResult } from './relay';
import { slowloris } from './slowloris';
import { sseChurn } from './sse-churn';

const num = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v)) throw new Error(`${name}: expected a whole number (got ${JSON.stringify(v)})`);
  return Number(v);
};

const SCENARIOS: [string, () => Promise<SoakResult>][] = [
  [
    'crash',
    () =>
      crashStorm({
        webhooks: num('SOAK_WEBHOOKS', 1000),
        kills: num('SOAK_KILLS', 5),
        subscriptions: num('SOAK_SUBSCRIPTIONS', 3),
        seed: process.env.SOAK_SEED ? num('SOAK_SEED', 0) : undefined,
      }),
  ],
  ['outage', () => receiverOutage({ outageSeconds: num('SOAK_OUTAGE_S', 60), events: num('SOAK_OUTAGE_EVENTS', 200) })],
  [
    'hostile',
    () => hostileRequests({ requests: num('SOAK_HOSTILE', 10_000), concurrency: num('SOAK_HOSTILE_CONCURRENCY', 16) }),
  ],
  ['churn', () => sseChurn({ connections: num('SOAK_SSE_CONNECTIONS', 3000), cycles: num('SOAK_SSE_CYCLES', 3) })],
  ['slowloris', () => slowloris({ connections: num('SOAK_SLOWLORIS', 200) })],
];

async function main() {
  const only = (process.env.SOAK_ONLY ?? '').split(',').filter(Boolean);
  const results: SoakResult[] = [];
  for (const [key, run] of SCENARIOS) {
    if (only.length && !only.includes(key)) continue;
    process.stderr.write(`soak: ${key}...\n`);
    try {
      results.push(await run());
    } catch (err) {
      results.push({ scenario: key, figures: [], failures: [`crashed: ${String(err)}`], seconds: 0 });
    }
  }
  console.log(
    `Soak run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model.trim() ?? 'CPU'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}.\n`,
  );
  console.log('| scenario | result | seconds | figures |');
  console.log('|---|---|---:|---|');
  for (const r of results) {
    const figures = r.figures.map(([k, v]) => `${k}: ${v}`).join('; ');
    const result = r.failures.length ? `FAIL: ${r.failures.join('; ')}` : 'pass';
    console.log(`| ${r.scenario} | ${result} | ${r.seconds.toFixed(0)} | ${figures} |`);
  }
  process.exitCode = results.some((r) => r.failures.length) ? 1 : 0;
}

void main();
