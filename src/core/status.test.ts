/** docs/events.md#event-types: the event type of every kind and status. */
import { describe, expect, it } from 'vitest';
import { eventTypeFor, isLive, isTerminal, KINDS, statusRank, STATUSES, transitionFor } from './status';

const EXPECTED: Record<(typeof STATUSES)[number], string> = {
  queued: 'queued',
  running: 'progress',
  complete: 'complete',
  complete_with_warnings: 'complete',
  failed: 'failed',
};

describe('eventTypeFor (docs/events.md#event-types)', () => {
  const rows = KINDS.flatMap((kind) =>
    STATUSES.map((status) => [kind, status, `${kind}.${EXPECTED[status]}`] as const),
  );

  it('covers every kind and status', () => {
    expect(rows).toHaveLength(20);
  });

  it.each(rows)('%s + %s -> %s', (kind, status, type) => {
    expect(eventTypeFor(kind, status)).toBe(type);
    expect(transitionFor(status)).toBe(EXPECTED[status]);
  });
});

describe('status order', () => {
  it.each([
    ['queued', 0, false, false],
    ['running', 1, false, false],
    ['complete', 2, true, true],
    ['complete_with_warnings', 2, true, true],
    ['failed', 2, true, false],
  ] as const)('%s: rank %i, terminal %s, live %s', (status, rank, terminal, live) => {
    expect(statusRank(status)).toBe(rank);
    expect(isTerminal(status)).toBe(terminal);
    expect(isLive(status)).toBe(live);
  });
});
