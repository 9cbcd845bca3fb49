/** A position in the event log as replay and recover take it: a sequence or an ISO time. */
import { z } from '@hono/zod-openapi';
import { parseSequence } from '../core/sequence';

/** An event position: a sequence or an ISO time (replay, recover). */
export const Position = z
  .union([z.number().int().min(0), z.string().max(40)], {
    error: 'expected an event sequence (a whole number from 0) or an ISO time',
  })
  .transform((v, ctx) => {
    if (typeof v === 'number') return { seq: v };
    const seq = parseSequence(v);
    if (seq !== null) return { seq };
    const time = /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
    if (Number.isFinite(time)) return { time };
    ctx.addIssue({ code: 'custom', message: 'expected an event sequence or an ISO time' });
    return z.NEVER;
  })
  .openapi({
    type: ['integer', 'string'],
    example: '00000000000000000042',
    description: 'A sequence (inclusive, padded or not) or an ISO time (events stored from then on).',
  });
