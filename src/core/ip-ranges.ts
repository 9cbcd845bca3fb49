/**
 * Which addresses a subscriber URL may reach (the SSRF guard, docs/api.md#subscriptions): only
 * globally routable unicast. Everything else is named, so a refusal can say
 * why ("resolves to 10.0.0.7 (private)").
 */
import { parseIp } from './ip-address';

type Range = readonly [prefix: readonly number[], bits: number, label: string];

const V4: readonly Range[] = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'shared address space (CGNAT)'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'IETF protocol assignments'],
  [[192, 0, 2], 24, 'documentation'],
  [[192, 88, 99], 24, '6to4 relay anycast'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'benchmarking'],
  [[198, 51, 100], 24, 'documentation'],
  [[203, 0, 113], 24, 'documentation'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'],
];

const V6: readonly Range[] = [
  [[], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 'IPv4-mapped'],
  [[], 96, 'IPv4-compatible'],
  [[0, 0x64, 0xff, 0x9b, 0, 1], 48, 'NAT64 local-use'],
  [[1, 0, 0, 0, 0, 0, 0, 0], 64, 'discard-only'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'],
  [[0x20, 0x01], 23, 'IETF protocol assignments (Teredo, benchmarking, ORCHID)'],
  [[0x3f, 0xff], 20, 'documentation'],
  [[0xfc], 7, 'unique local'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'site-local'],
  [[0xff], 8, 'multicast'],
];

function inRange(bytes: Uint8Array, [prefix, bits]: Range): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const mask = bits - i * 8 >= 8 ? 0xff : (0xff << (8 - (bits - i * 8))) & 0xff;
    if ((bytes[i]! & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

const label = (bytes: Uint8Array, ranges: readonly Range[]): string | null =>
  ranges.find((r) => inRange(bytes, r))?.[2] ?? null;

function classifyV6(b: Uint8Array): string | null {
  const special = label(b, V6);
  if (special) return special;
  // NAT64 and 6to4 carry an IPv4 address: judge that one.
  if (inRange(b, [[0, 0x64, 0xff, 0x9b], 96, ''])) return classifyBytes(b.slice(12));
  if (inRange(b, [[0x20, 0x02], 16, ''])) return classifyBytes(b.slice(2, 6));
  return inRange(b, [[0x20], 3, '']) ? null : 'reserved';
}

function classifyBytes(b: Uint8Array): string | null {
  return b.length === 4 ? label(b, V4) : classifyV6(b);
}

/**
 * Why an address is not public (`loopback`, `private`, ...), or null when it
 * is a public unicast address. Text that is not an IP address is `invalid`.
 */
export function nonPublicReason(address: string): string | null {
  const bytes = parseIp(address);
  return bytes ? classifyBytes(bytes) : 'invalid';
}

export const isIpLiteral = (host: string): boolean => parseIp(host) !== null;
