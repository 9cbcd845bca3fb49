/**
 * HMAC-SHA256 on node:crypto. WebCrypto's sign() costs about 100 µs a call on
 * Node (a thread-pool round trip); this is the same function, synchronous,
 * in a few microseconds, and it is on every webhook's path.
 */
import { createHmac } from 'node:crypto';
import type { Hmac } from '../core/crypto';

export const nodeHmac: Hmac = async (key, data) => new Uint8Array(createHmac('sha256', key).update(data).digest());
