/**
 * `sitewire demo`: the relay with simulated Warpweb and Lindo builders. A few
 * builds run, signed webhooks are sent (some lost), one build fails, and every
 * event is printed as it happens, with what to open to see it elsewhere.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../log';
import type { Command } from './command-args';
import { startNode, type NodeRelay } from '../runtime/node';
import { startLindoSim } from '../simulators/lindo-sim';
import { startWarpwebSim } from '../simulators/warpweb-sim';
import { startDemoBuilds, type DemoBuild } from './demo-builds';
import { describeDemo, eventLine } from './demo-output';
import { demoExtras } from './demo-fix-loop';

export interface DemoOptions {
  /** Multiplies every duration and interval (tests run the demo at a small scale). */
  scale?: number;
  port?: number;
  write?: (text: string) => void;
}

export interface Demo {
  relay: NodeRelay;
  builds: DemoBuild[];
  /** Resolves when every build has its terminal event. */
  finished: Promise<void>;
  stop(): Promise<void>;
}

const WEBHOOK_SECRET = 'whsec_sitewire_demo_secret';
const LINDO_TOKEN = 'sitewire-demo-lindo-token';

export async function runDemo(o: DemoOptions = {}): Promise<Demo> {
  const scale = o.scale ?? 1;
  const write = o.write ?? ((t: string) => process.stdout.write(t));
  // At scale 1 the providers' real limits apply; a faster demo gets proportionally larger ones.
  const perMinute = Math.max(30, Math.round(30 / scale));
  const warpweb = await startWarpwebSim({ limits: [{ limit: perMinute, windowMs: 60_000 }] });
  const lindo = await startLindoSim({ limits: [{ limit: Math.max(100, Math.round(100 / scale)), windowMs: 60_000 }] });
  const dir = mkdtempSync(join(tmpdir(), 'sitewire-demo-'));
  const env = {
    PORT: String(o.port ?? process.env.PORT ?? 8787),
    HOST: '127.0.0.1',
    SITEWIRE_DB: join(dir, 'sitewire.db'),
    WARPWEB_API_URL: warpweb.url,
    WARPWEB_API_KEY: warpweb.apiKey,
    WARPWEB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    WARPWEB_RATE_LIMIT: `${perMinute}/1m`,
    LINDO_API_URL: lindo.url,
    LINDO_API_KEY: lindo.apiKey,
    LINDO_WEBHOOK_TOKEN: LINDO_TOKEN,
    LINDO_RATE_LIMIT: `${Math.max(100, Math.round(100 / scale))}/1m,1000/1h`,
    SITEWIRE_POLL_INTERVAL_MS: String(Math.max(50, Math.round(2000 * scale))),
    SITEWIRE_POLL_SAFETY_MS: String(Math.max(50, Math.round(10_000 * scale))),
    SITEWIRE_PAUSE_CHECK_S: String(Math.max(1, Math.round(600 * scale))),
    SITEWIRE_LOG: 'warn',
  };
  const logger = createLogger('warn');
  const relay = await startNode({ env, logger }).catch((err) =>
    // The usual port is taken: any free one will do for a demo.
    (err as { code?: string }).code === 'EADDRINUSE'
      ? startNode({ env: { ...env, PORT: '0' }, logger })
      : Promise.reject(err),
  );
  warpweb.setWebhookTarget({ url: `${relay.url}/ingest/warpweb`, secret: WEBHOOK_SECRET });
  lindo.setWebhookUrl(`${relay.url}/ingest/lindo?token=${LINDO_TOKEN}`);

  const builds = startDemoBuilds(warpweb, lindo, scale);
  write(describeDemo(relay, builds, dir));
  const open = new Set(builds.map((b) => `${b.provider}/${b.kind}/${b.id}`));
  const started = Date.now();
  let markDone: () => void;
  const finished = new Promise<void>((r) => (markDone = r));
  const settle = (key: string) => open.delete(key) && open.size === 0 && markDone();
  const [fixSite, pauseSite] = [builds[0]!.id, builds.find((b) => b.name === 'Maple Street Florist')!.id];
  const extras = demoExtras(relay.relay, fixSite, pauseSite, write, settle, (key) => open.add(key));
  for (const key of extras.waitingFor) open.add(key);
  const unsubscribe = relay.relay.hub.subscribe((e) => {
    write(eventLine(e, started));
    extras.onEvent(e);
    if (/\.(complete|failed|clarification_needed)$/.test(e.type)) settle(e.subject);
  });
  for (const b of builds.filter((b) => b.watchByApi))
    relay.relay.watches.create({ provider: b.provider, id: b.id, kind: b.kind });

  return {
    relay,
    builds,
    finished,
    async stop() {
      unsubscribe();
      await relay.close();
      await warpweb.close();
      await lindo.close();
    },
  };
}

export const DEMO_COMMAND: Command = {
  spec: {
    name: 'demo',
    summary: 'the relay with simulated Warpweb and Lindo builds: the whole flow in a minute',
    usage: `usage: sitewire demo

Starts the relay (PORT, default 8787, or any free port) with simulated Warpweb
and Lindo builders, runs six builds (the one with warnings gets its fix prompts
applied as a revision; one free-tier site is a day from its pause), and prints where to look and every event
as it happens on stdout. The relay keeps running until Ctrl-C.

exit status:
  0  stopped by SIGINT or SIGTERM
  2  usage error
`,
    options: {},
  },
  run: demoCommand,
};

async function demoCommand(): Promise<null> {
  const demo = await runDemo();
  const stop = () => void demo.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await demo.finished;
  process.stdout.write('\nEvery build has ended. The relay keeps running so you can look around; Ctrl-C stops it.\n');
  return null;
}
