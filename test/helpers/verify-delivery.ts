/** A subscriber delivery checked as a receiver checks it: with the standardwebhooks library (runtime-free). */
import { Webhook } from 'standardwebhooks';

/** Verifies a received delivery's exact body and headers; throws when it does not verify. */
export function verifyDelivery(
  secret: string,
  r: { body: string; headers: Record<string, string | string[] | undefined> },
): unknown {
  return new Webhook(secret).verify(r.body, {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  });
}
