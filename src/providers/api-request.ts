/** A request to a provider's API: its key as a bearer token, JSON both ways, our user agent. */
import { VERSION } from '../version';

export function providerRequest(url: string, apiKey: string, body?: unknown): Request {
  const headers: Record<string, string> = {
    authorization: `Bearer ${apiKey}`,
    accept: 'application/json',
    'user-agent': `sitewire/${VERSION}`,
  };
  if (body === undefined) return new Request(url, { headers });
  headers['content-type'] = 'application/json';
  return new Request(url, { method: 'POST', headers, body: JSON.stringify(body) });
}
