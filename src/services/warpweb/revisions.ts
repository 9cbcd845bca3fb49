/**
 * `POST /v1/watches/:id/revisions` (docs/api.md#revisions): asks Warpweb to revise a watched site
 * (a prompt, or the fix prompts of its warnings) within the key's budget, and starts a `revision`
 * watch that follows the revision to its end: by its webhook, or by the site checks in checks.ts
 * when that webhook is lost.
 */
import { subjectOf } from '../../core/event';
import { AppError, notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { blankObservation } from '../../core/observation';
import { isLive } from '../../core/status';
import {
  isQueueFull,
  joinFixPrompts,
  queueMessage,
  revisionAnswerSchema,
  siteActionRequest,
} from '../../providers/warpweb/site-actions';
import type { Watch } from '../../storage/watches-store';
import type { Budget } from '../watches/budget';
import type { WatchDeps } from '../watches/deps';
import { nextPollAt } from '../watches/schedule';
import { FOLLOWUP_TASK } from './followup-task-name';
import { callSite, providerFailure, warpwebKey } from './site-call';

export type RevisionInput = { prompt: string } | { applyFixPrompts: true };

/** The site watch a revision or refresh is for: a Warpweb site watch, or the error saying why not. */
export function warpwebSiteWatch(deps: WatchDeps, id: string, code: 'not_revisable' | 'not_refreshable'): Watch {
  const watch = deps.store.watches.get(id);
  if (!watch) throw notFound('No watch with that id.');
  if (watch.provider !== 'warpweb' || watch.kind !== 'site') {
    throw new AppError(code, `Only Warpweb site watches take this action; this watch follows ${watch.subject}.`);
  }
  return watch;
}

function promptFor(deps: WatchDeps, watch: Watch, input: RevisionInput): string {
  const known = deps.store.resources.get(watch.subject);
  const status = known?.status ?? watch.status;
  if ('applyFixPrompts' in input) {
    const prompt = status === 'complete_with_warnings' ? joinFixPrompts(known?.data.warnings) : null;
    if (!prompt) {
      throw new AppError(
        'no_fix_prompts',
        `apply_fix_prompts needs a site that is complete_with_warnings with fix prompts; this one is ${status ?? 'not known yet'}.`,
      );
    }
    return prompt;
  }
  if (!status || !isLive(status)) {
    throw new AppError('not_revisable', `Only a live site can be revised; this one is ${status ?? 'not known yet'}.`);
  }
  return input.prompt;
}

export async function requestRevision(
  deps: WatchDeps,
  budget: Budget,
  id: string,
  input: RevisionInput,
): Promise<Watch> {
  const site = warpwebSiteWatch(deps, id, 'not_revisable');
  const prompt = promptFor(deps, site, input);
  const apiKey = warpwebKey(deps);
  const baseStatus = deps.store.resources.get(site.subject)?.data.provider_status ?? site.status;
  const requestedAt = deps.now();
  const answer = await callSite(deps, budget, () =>
    siteActionRequest(deps.config, apiKey, site.resourceId, 'revisions', { prompt }),
  );
  if (answer.status === 429 && isQueueFull(answer.body)) {
    throw new AppError('revision_queue_full', "Warpweb's revision queue is full (queue_full); try again later.");
  }
  const parsed = answer.status >= 200 && answer.status < 300 ? revisionAnswerSchema.safeParse(answer.body) : null;
  if (!parsed?.success) throw await providerFailure(deps, budget, answer);
  const revision = parsed.data;

  const { result } = deps.recorder.write((w) => {
    const subject = subjectOf('warpweb', 'revision', revision.revisionId);
    const existing = deps.store.watches.bySubject(subject);
    if (existing) return existing;
    const nextCheckAt = nextPollAt(deps, 'warpweb', w.now);
    const watch: Watch = {
      id: newId('wat', w.now),
      provider: 'warpweb',
      kind: 'revision',
      resourceId: revision.revisionId,
      subject,
      state: 'active',
      status: null,
      phase: null,
      message: null,
      progress: null,
      url: site.url,
      polls: 0,
      failures: 0,
      urgent: false,
      webhookSeen: false,
      origin: 'api',
      lastPolledAt: null,
      // Its checks poll the site, on their own schedule (the follow-up row), never the revision id.
      nextPollAt: null,
      deadlineAt: w.now + deps.config.watchDeadlineS * 1000,
      lastError: null,
      metadata: site.metadata,
      createdAt: w.now,
      updatedAt: w.now,
    };
    deps.store.watches.insert(watch);
    deps.store.followups.put({
      watchId: watch.id,
      kind: 'revision',
      siteId: site.resourceId,
      nextCheckAt,
      requestedAt,
      baseStatus: baseStatus ?? null,
      seenRunning: false,
      prompt,
      hostingTier: null,
      pauseState: null,
      lastRefreshedAt: null,
      pauseDueFor: null,
      checks: 0,
      createdAt: w.now,
      updatedAt: w.now,
    });
    w.observe({
      ...blankObservation({
        provider: 'warpweb',
        kind: 'revision',
        resourceId: revision.revisionId,
        status: 'queued',
        providerStatus: revision.status ?? 'pending',
        observedVia: 'poll',
      }),
      message: queueMessage(revision),
      url: site.url,
      siteId: site.resourceId,
      raw: revision,
    });
    deps.ticker.wake(FOLLOWUP_TASK, nextCheckAt);
    return deps.store.watches.get(watch.id)!;
  });
  return result;
}
