/**
 * Lindo's batch status answer (docs/provider-notes.md#batch-polling): `{success, done, status, message,
 * summary, items, poll_after_ms?}`, flat or nested under `result` like the single answer; each item is
 * one workflow's status object under any of its id names, an unknown id an item with status `not_found`.
 */
import { z } from 'zod';
import { text } from '../schema-fields';

export const batchAnswerSchema = z.looseObject({
  success: z.boolean().nullish(),
  done: z.boolean().nullish(),
  items: z.array(z.unknown()),
  poll_after_ms: z.number().nonnegative().nullish(),
});

export const itemIdsSchema = z.looseObject({ record_id: text, workflow_id: text, instance_id: text });
