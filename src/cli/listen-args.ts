/** `sitewire listen` options from argv (and env), with one clear line per mistake. */
import { parseArgs } from 'node:util';
import { parseList } from '../core/filter';
import { secretKey } from '../core/standard-webhooks';

export interface ListenOptions {
  url: string;
  token: string;
  forwardTo: string;
  types?: string[];
  providers?: string[];
  resources?: string[];
  /** Signing secret for the forwarded requests; generated when absent. */
  secret?: string;
  /** Replay events after this sequence before live ones. */
  since?: number;
}

export const LISTEN_USAGE = `usage: sitewire listen --url <relay> --token <admin token> --forward-to <local url>
                       [--types a,b] [--providers a,b] [--resources a,b] [--secret whsec_...] [--since <sequence>]

Reads the relay's event stream and re-delivers each event to the local URL,
signed the Standard Webhooks way. --token defaults to SITEWIRE_ADMIN_TOKEN,
--secret to SITEWIRE_LISTEN_SECRET (a new secret is generated otherwise).
`;

export class ListenUsageError extends Error {
  override name = 'ListenUsageError';
}

const httpUrl = (flag: string, value: string | undefined): string => {
  if (!value) throw new ListenUsageError(`--${flag} is required`);
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new ListenUsageError(`--${flag} must be an http(s) URL (got ${JSON.stringify(value)})`);
};

export function parseListenArgs(argv: string[], env: Record<string, string | undefined>): ListenOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: Object.fromEntries(
        ['url', 'token', 'forward-to', 'types', 'providers', 'resources', 'secret', 'since'].map((k) => [k, { type: 'string' as const }]),
      ),
      strict: true,
    }));
  } catch (err) {
    throw new ListenUsageError((err as Error).message);
  }
  const token = values.token ?? env.SITEWIRE_ADMIN_TOKEN;
  if (!token) throw new ListenUsageError('--token is required (or set SITEWIRE_ADMIN_TOKEN)');
  const secret = values.secret ?? env.SITEWIRE_LISTEN_SECRET;
  if (secret !== undefined && !secretKey(secret)) throw new ListenUsageError('--secret must be whsec_ followed by base64 of 24-64 bytes');
  if (values.since !== undefined && !/^\d{1,15}$/.test(values.since)) throw new ListenUsageError('--since must be an event sequence number');
  const list = (v: string | undefined) => parseList(v === undefined ? undefined : [v]);
  return {
    url: httpUrl('url', values.url).replace(/\/+$/, ''),
    token,
    forwardTo: httpUrl('forward-to', values['forward-to']),
    types: list(values.types),
    providers: list(values.providers),
    resources: list(values.resources),
    secret,
    since: values.since === undefined ? undefined : Number(values.since),
  };
}

/** The relay's stream URL for these options. */
export function streamUrl(o: ListenOptions): string {
  const u = new URL(`${o.url}/v1/stream`);
  for (const [key, list] of [['types', o.types], ['providers', o.providers], ['resources', o.resources]] as const) {
    if (list) u.searchParams.set(key, list.join(','));
  }
  if (o.since !== undefined) u.searchParams.set('last_event_id', String(o.since));
  return u.toString();
}
