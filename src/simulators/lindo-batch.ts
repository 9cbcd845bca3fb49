/**
 * The simulated Lindo batch status endpoint (docs/provider-notes.md#batch-polling):
 * `POST /v1/ai/workspace/{website|page|blog}/status/batch` with 1-25 `record_ids` (or the older
 * `workflow_ids`); 400 for none or more than 25; each item the workflow's own status object (its
 * flat or nested shape, its id name), an unknown id a `not_found` item; `done`, `summary` and
 * the smallest `poll_after_ms` of the running items. Flat or nested under `result` as a whole.
 */
import { workflowBody, workflowStage, type LindoKind, type SimWorkflow } from './lindo-builds';

export const MAX_BATCH_IDS = 25;

/** One batch request as asked (its HTTP status is in the server's request log). */
export interface BatchLog {
  at: number;
  kind: LindoKind;
  ids: string[];
}

export interface BatchOptions {
  shape: 'flat' | 'nested';
  /** Ids left out of the next answers that ask about them (an answer missing an item), with how many times. */
  omit: Map<string, number>;
}

const invalid = (message: string) => ({ status: 400, body: { error: { code: 'invalid_request', message } } });

function idsOf(request: unknown): string[] | null {
  if (typeof request !== 'object' || request === null) return null;
  const r = request as Record<string, unknown>;
  const ids = r.record_ids ?? r.workflow_ids;
  return Array.isArray(ids) && ids.every((x) => typeof x === 'string') ? (ids as string[]) : null;
}

export function batchAnswer(
  flows: ReadonlyMap<string, SimWorkflow>,
  kind: LindoKind,
  request: unknown,
  now: number,
  opts: BatchOptions,
): { status: number; body: unknown } {
  const ids = idsOf(request);
  if (!ids) return invalid('record_ids must be an array of workflow ids');
  if (ids.length === 0 || ids.length > MAX_BATCH_IDS) return invalid(`between 1 and ${MAX_BATCH_IDS} record_ids`);
  const summary = { total: ids.length, complete: 0, running: 0, partial: 0, errored: 0, not_found: 0 };
  const waits: number[] = [];
  const items: unknown[] = [];
  for (const id of ids) {
    const left = opts.omit.get(id) ?? 0;
    if (left > 0) {
      opts.omit.set(id, left - 1);
      continue;
    }
    const flow = flows.get(id);
    const stage = flow && flow.kind === kind ? workflowStage(flow, now) : null;
    const body = flow && stage ? workflowBody(flow, now) : null;
    if (!flow || !stage || !body) {
      summary.not_found += 1;
      items.push({ record_id: id, done: true, status: 'not_found', message: 'Workflow not found' });
      continue;
    }
    if (stage.status === 'scheduled' || stage.status === 'running') {
      summary.running += 1;
      waits.push(flow.pollAfterMs);
    } else summary[stage.status] += 1;
    // The item is the workflow's own answer, without the request-level `success`.
    const { success: _, ...item } = body;
    items.push(item);
  }
  const done = waits.length === 0;
  const finished = summary.complete + summary.partial + summary.errored + summary.not_found;
  const fields = {
    done,
    status: done ? 'complete' : 'running',
    message: `${finished} of ${ids.length} workflows finished.`,
    summary,
    items,
    ...(done ? {} : { poll_after_ms: Math.min(...waits) }),
  };
  return {
    status: 200,
    body: opts.shape === 'nested' ? { success: true, result: fields } : { success: true, ...fields },
  };
}
