/** `sitewire listen` options from argv (and env), with one clear line per mistake. */
import { parseList } from '../core/filter';
import { secretKey } from '../core/standard-webhooks';
import { parseCommand, UsageError, type CommandSpec } from './command-args';

export interface ListenOptions {
  url: string;
  token: string;
  forwardTo: string;
  types?: string[];
  providers?: string[];
  resources?: string[];
  /** Signing secret for the forwarded requests; generated when absent. */
  secret?: string;
  /** Replay events after this sequence (an opaque SSE id) before live ones. */
  since?: string;
  format: 'text' | 'json';
  /** Tries after a failed forward (0: none). */
  retries: number;
  retryBaseMs: number;
  stateFile?: string;
  heartbeatMs: number;
  printResponse: boolean;
}

export const LISTEN_USAGE = `usage: sitewire listen --url <relay> --token <admin token> --forward-to <local url>
                       [--types a,b] [--providers a,b] [--resources a,b] [--secret whsec_...] [--since <sequence>]
                       [--format text|json] [--retry] [--retry-max <n>] [--retry-base-ms <ms>]
                       [--state-file <path>] [--heartbeat-ms <ms>] [--print-response]

Reads the relay's event stream and re-delivers each event to the local URL,
signed the Standard Webhooks way, one at a time and in order. --token defaults
to SITEWIRE_ADMIN_TOKEN, --secret to SITEWIRE_LISTEN_SECRET (a new secret is
generated otherwise).

  --format json        one JSON object per forwarded event on stdout: {"event": ..., "forward": ...};
                       the banner, the secret and connection notices go to stderr
  --retry              retry a failed forward (no answer or not 2xx) with backoff before the next event:
                       --retry-max tries after the first (default 5), the first after --retry-base-ms
                       (default 1000), doubling each time
  --state-file <path>  remember the last event forwarded (or given up on); a restarted listen resumes
                       after it (--since, when given, wins)
  --heartbeat-ms <ms>  the relay's SITEWIRE_SSE_HEARTBEAT_MS (default 15000): with nothing received for
                       three intervals, listen reconnects
  --print-response     print the local receiver's status and body for each forward

exit status:
  0  stopped by Ctrl-C (SIGINT) or SIGTERM
  1  the relay refused the stream (wrong --url or --token, a bad filter)
  2  usage error (unknown flag, missing or bad value, unreadable --state-file)
`;

export const LISTEN: CommandSpec = {
  name: 'listen',
  summary: "forward the relay's events to a local URL, signed the Standard Webhooks way",
  usage: LISTEN_USAGE,
  options: {
    ...Object.fromEntries(
      [
        'url',
        'token',
        'forward-to',
        'types',
        'providers',
        'resources',
        'secret',
        'since',
        'format',
        'retry-max',
        'retry-base-ms',
        'state-file',
        'heartbeat-ms',
      ].map((k) => [k, { type: 'string' as const }]),
    ),
    retry: { type: 'boolean' },
    'print-response': { type: 'boolean' },
  },
};

/** Kept for callers that catch it by name: every listen usage mistake. */
export class ListenUsageError extends UsageError {
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

const count = (flag: string, value: string | undefined, fallback: number, min: number): number => {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min) {
    const least = min > 0 ? ` of at least ${min}` : '';
    throw new ListenUsageError(`--${flag} must be a whole number${least} (got ${JSON.stringify(value)})`);
  }
  return Number(value);
};

export function parseListenArgs(argv: string[], env: Record<string, string | undefined>): ListenOptions {
  const parsed = parseCommand(LISTEN, argv);
  if (parsed.kind === 'help') throw new ListenUsageError('--help is not an option here');
  return listenOptions(parsed.values as Record<string, string | undefined>, env);
}

export function listenOptions(
  values: Record<string, string | boolean | undefined>,
  env: Record<string, string | undefined>,
): ListenOptions {
  const v = values as Record<string, string | undefined>;
  const token = v.token ?? env.SITEWIRE_ADMIN_TOKEN;
  if (!token) throw new ListenUsageError('--token is required (or set SITEWIRE_ADMIN_TOKEN)');
  const secret = v.secret ?? env.SITEWIRE_LISTEN_SECRET;
  if (secret !== undefined && !secretKey(secret))
    throw new ListenUsageError('--secret must be whsec_ followed by base64 of 24-64 bytes');
  // Sequences are 20-digit zero-padded strings or plain numbers: either is passed on as written.
  if (v.since !== undefined && !/^\d{1,20}$/.test(v.since)) {
    throw new ListenUsageError('--since must be an event sequence number');
  }
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new ListenUsageError(`--format must be text or json (got ${JSON.stringify(format)})`);
  }
  if (v['state-file'] === '') throw new ListenUsageError('--state-file must be a path');
  const retryMax = count('retry-max', v['retry-max'], 5, 0);
  const list = (x: string | undefined) => parseList(x === undefined ? undefined : [x]);
  return {
    url: httpUrl('url', v.url).replace(/\/+$/, ''),
    token,
    forwardTo: httpUrl('forward-to', v['forward-to']),
    types: list(v.types),
    providers: list(v.providers),
    resources: list(v.resources),
    secret,
    since: v.since,
    format,
    retries: values.retry ? retryMax : 0,
    retryBaseMs: count('retry-base-ms', v['retry-base-ms'], 1000, 1),
    stateFile: v['state-file'],
    heartbeatMs: count('heartbeat-ms', v['heartbeat-ms'], 15_000, 1),
    printResponse: values['print-response'] === true,
  };
}

/** The relay's stream URL for these options. */
export function streamUrl(o: Pick<ListenOptions, 'url' | 'types' | 'providers' | 'resources' | 'since'>): string {
  const u = new URL(`${o.url}/v1/stream`);
  for (const [key, list] of [
    ['types', o.types],
    ['providers', o.providers],
    ['resources', o.resources],
  ] as const) {
    if (list) u.searchParams.set(key, list.join(','));
  }
  if (o.since !== undefined) u.searchParams.set('last_event_id', o.since);
  return u.toString();
}
