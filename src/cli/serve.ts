/** `sitewire serve`: the Node relay, with the banner a newcomer needs. */
import { ConfigError } from '../config';
import { PROVIDERS } from '../providers';
import { startNode, type NodeRelay } from '../runtime/node';
import { VERSION } from '../version';

export function banner(r: NodeRelay): string {
  const base = r.config.publicUrl ?? r.url;
  const token = r.tokenGenerated
    ? `admin token (shown once; it is stored in the database): ${r.adminToken}`
    : r.config.adminToken
      ? 'admin token: SITEWIRE_ADMIN_TOKEN'
      : 'admin token: stored in the database (printed on first start; `sitewire admin-token` shows it)';
  const width = Math.max(...PROVIDERS.map((p) => p.title.length + 1));
  return [
    `sitewire ${VERSION} listening on ${r.url} (database ${r.config.dbPath})`,
    token,
    'provider webhook URLs:',
    ...PROVIDERS.map((p) => `  ${`${p.title}:`.padEnd(width)} ${p.webhookUrl(base, r.config)}`),
    `live events: curl -N -H "Authorization: Bearer <admin token>" ${r.url}/v1/stream`,
    `dashboard:   ${r.url}/`,
  ].join('\n');
}

export async function serveCommand(): Promise<void> {
  let relay: NodeRelay;
  try {
    relay = await startNode();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`sitewire: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  console.log(banner(relay));
  const stop = () => {
    void relay.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
