/**
 * Lindo's batch status endpoint: up to 25 workflows of one kind per request. Each item is read by the
 * single answer's own reader, so a batched watch sees exactly what its GET would have shown. Pure.
 */
import { providerRequest } from '../api-request';
import { isTerminal, type Kind } from '../../core/status';
import { isObject } from '../parse-json';
import { commonErrorMessage } from '../poll-response';
import type { BatchItem, BatchStatusApi } from '../types';
import { batchAnswerSchema, itemIdsSchema } from './batch-schema';
import { lindoStatus, statusObjectOf } from './client';

const BATCH_PATHS: Partial<Record<Kind, string>> = {
  site: 'website/status/batch',
  page: 'page/status/batch',
  blog: 'blog/status/batch',
};

export const MAX_BATCH_IDS = 25;

/** The object holding `items`: the body itself (flat) or its `result` (nested). */
function answerOf(body: unknown) {
  if (!isObject(body) || body.success === false) return null;
  const flat = batchAnswerSchema.safeParse(body);
  if (flat.success) return flat.data;
  const nested = isObject(body.result) ? batchAnswerSchema.safeParse(body.result) : null;
  return nested?.success && nested.data.success !== false ? nested.data : null;
}

/** The workflow id an item names, wherever its shape puts it. */
function itemId(item: unknown): string | null {
  for (const obj of [statusObjectOf(item), item]) {
    const ids = itemIdsSchema.safeParse(obj);
    const id = ids.success ? (ids.data.record_id ?? ids.data.workflow_id ?? ids.data.instance_id) : null;
    if (id) return id;
  }
  return null;
}

function readItem(kind: Kind, id: string, item: unknown, pollAfterMs: number | null): BatchItem {
  const obj = statusObjectOf(item);
  if (obj?.status === 'not_found') {
    return { kind: 'not_found', message: commonErrorMessage(obj) ?? 'The resource was not found.' };
  }
  const reading = lindoStatus.read(kind, id, item);
  if (!reading) return { kind: 'unreadable', message: 'unexpected item shape in the batch answer' };
  // The batch's own poll_after_ms stands for items that give none.
  const unfinished = !isTerminal(reading.observation.status);
  return {
    kind: 'reading',
    reading: { ...reading, pollAfterMs: reading.pollAfterMs ?? (unfinished ? pollAfterMs : null) },
  };
}

export const lindoBatch: BatchStatusApi = {
  kinds: ['site', 'page', 'blog'],
  maxIds: MAX_BATCH_IDS,

  request(kind, ids, config, apiKey) {
    const path = BATCH_PATHS[kind];
    if (!path) throw new Error(`no batch status endpoint for kind ${kind}`);
    return providerRequest(`${config.lindo.apiUrl}/v1/ai/workspace/${path}`, apiKey, { record_ids: ids });
  },

  read(kind, ids, body) {
    const answer = answerOf(body);
    if (!answer) return null;
    const asked = new Set(ids);
    const out = new Map<string, BatchItem>();
    for (const item of answer.items) {
      const id = itemId(item);
      if (!id || !asked.has(id) || out.has(id)) continue;
      out.set(id, readItem(kind, id, item, answer.poll_after_ms ?? null));
    }
    return out;
  },
};
