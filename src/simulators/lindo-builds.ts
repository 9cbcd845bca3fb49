/**
 * A simulated Lindo workflow over time (docs/provider-notes.md#lindo): scheduled, running with
 * pages completing, then complete, partial or errored; what its status
 * endpoint answers (flat or `result`-nested, under record_id, workflow_id or
 * instance_id) and the completion webhook it sends (none for partial/errored).
 */
export type LindoKind = 'website' | 'page' | 'blog' | 'edit';
export type LindoOutcome = 'complete' | 'partial' | 'errored';

export interface WorkflowScript {
  id?: string;
  kind: LindoKind;
  durationMs: number;
  /** How long it stays scheduled (default 15 % of the duration). */
  scheduledMs?: number;
  outcome?: LindoOutcome;
  /** Website pages (default 5). */
  pages?: number;
  shape?: 'flat' | 'nested';
  idName?: 'record_id' | 'workflow_id' | 'instance_id';
  pollAfterMs?: number;
  error?: string;
  startAt?: number;
  /** Send the completion webhook (Lindo sends none for partial or errored). Default true. */
  hint?: boolean;
  businessName?: string;
}

export type SimWorkflow = Required<Omit<WorkflowScript, 'id'>> & {
  id: string;
  websiteId: string;
  pageId: string;
  blogId: string;
};

const PAGE_SLUGS = ['home', 'services', 'about', 'reviews', 'contact', 'faq', 'gallery', 'team'];

interface Stage {
  status: 'scheduled' | 'running' | LindoOutcome;
  done: boolean;
  message: string;
  details: Record<string, unknown> | null;
}

const scheduledFor = (w: SimWorkflow) => Math.min(0.9, w.scheduledMs / w.durationMs);

function websitePages(w: SimWorkflow, f: number) {
  const g = Math.min(1, Math.max(0, (f - scheduledFor(w)) / (1 - scheduledFor(w))));
  const done = f >= 1;
  const complete = done ? (w.outcome === 'partial' ? w.pages - 1 : w.pages) : Math.floor(g * w.pages);
  const pages = Array.from({ length: w.pages }, (_, i) => {
    const slug = PAGE_SLUGS[i % PAGE_SLUGS.length]! + (i >= PAGE_SLUGS.length ? `-${i}` : '');
    const status = i < complete ? 'complete' : done ? 'errored' : 'running';
    return {
      slug,
      path: i === 0 ? '/' : `/${slug}`,
      status,
      ...(status === 'complete' ? { page_id: `${w.pageId}_${i}` } : {}),
      ...(status === 'errored' ? { error_message: 'Image generation timed out' } : {}),
    };
  });
  const errored = pages.filter((p) => p.status === 'errored').length;
  return { pages, summary: { total: w.pages, complete, running: w.pages - complete - errored, errored } };
}

export function workflowStage(w: SimWorkflow, now: number): Stage | null {
  if (now < w.startAt) return null;
  const f = (now - w.startAt) / w.durationMs;
  if (f < scheduledFor(w))
    return { status: 'scheduled', done: false, message: 'Queued: waiting for a worker.', details: null };
  const site = w.kind === 'website' ? websitePages(w, f) : null;
  const websiteDetails = site && {
    website_id: w.websiteId,
    home_page_id: `${w.pageId}_0`,
    pages_summary: site.summary,
    pages: site.pages,
  };
  if (f < 1) {
    const message = site
      ? `Creating your website. ${site.summary.complete} of ${w.pages} pages complete.`
      : `Working on your ${w.kind}.`;
    return { status: 'running', done: false, message, details: websiteDetails };
  }
  if (w.outcome === 'errored')
    return { status: 'errored', done: true, message: 'The workflow failed.', details: websiteDetails };
  const details =
    w.kind === 'website'
      ? websiteDetails
      : w.kind === 'page'
        ? { website_id: w.websiteId, page_id: w.pageId, slug: 'about', path: '/about' }
        : w.kind === 'blog'
          ? {
              website_id: w.websiteId,
              blog_id: w.blogId,
              page_id: w.pageId,
              slug: 'spring-tips',
              path: '/blog/spring-tips',
            }
          : { website_id: w.websiteId, changed_pages: [{ page_id: `${w.pageId}_0`, path: '/' }] };
  const message =
    w.outcome === 'partial'
      ? `Your website is ready. ${w.pages - 1} of ${w.pages} pages complete; 1 failed.`
      : `Your ${w.kind} is ready.`;
  return { status: w.outcome, done: true, message, details };
}

export function workflowBody(w: SimWorkflow, now: number): Record<string, unknown> | null {
  const s = workflowStage(w, now);
  if (!s) return null;
  const fields: Record<string, unknown> = { done: s.done, status: s.status, [w.idName]: w.id, message: s.message };
  if (!s.done) fields.poll_after_ms = w.pollAfterMs;
  if (s.status === 'errored') fields.error = w.error;
  if (w.shape === 'nested') return { success: true, result: { ...fields, ...(s.details ?? {}) } };
  return { success: true, ...fields, ...(s.details ? { result: s.details } : {}) };
}

/** The completion webhook (a hint), if Lindo sends one for this workflow. */
export function workflowWebhook(w: SimWorkflow): { at: number; body: Record<string, unknown> } | null {
  if (!w.hint || w.outcome !== 'complete' || w.kind === 'edit') return null;
  const at = w.startAt + w.durationMs;
  const completed_at = new Date(at).toISOString();
  if (w.kind === 'website') {
    const domain = `${w.businessName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.lindo.site`;
    return {
      at,
      body: {
        event: 'workflow.website.completed',
        timestamp: completed_at,
        data: {
          website_id: w.websiteId,
          business_name: w.businessName,
          domain,
          preview_url: `https://${domain}`,
          parent_workflow_id: w.id,
          completed_at,
        },
      },
    };
  }
  const isBlog = w.kind === 'blog';
  return {
    at,
    body: {
      event: isBlog ? 'workflow.blog.completed' : 'workflow.page.completed',
      timestamp: completed_at,
      data: {
        website_id: w.websiteId,
        page_id: w.pageId,
        page_path: isBlog ? '/blog/spring-tips' : '/about',
        page_name: isBlog ? 'Spring tips' : 'About',
        is_blog: isBlog,
        workflow_instance_id: w.id,
        completed_at,
      },
    },
  };
}
