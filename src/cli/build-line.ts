/** How `sitewire watch` shows a build: one status line (with a progress bar when pages are known) and a summary. */
interface EventLike {
  type: string;
  data: {
    status?: string | null;
    phase?: string | null;
    message?: string | null;
    url?: string | null;
    progress?: { total: number; complete: number; errored: number } | null;
    warnings?:
      | { severity: string | null; page: string | null; message: string | null; fix_prompt: string | null }[]
      | null;
    error?: { code: string; message: string } | null;
    observed_via?: string;
  };
}

const BAR_WIDTH = 20;

export function progressBar(p: { total: number; complete: number; errored: number }): string {
  const total = Math.max(p.total, 1);
  const done = Math.round((BAR_WIDTH * Math.min(p.complete, total)) / total);
  const bad = Math.min(BAR_WIDTH - done, Math.round((BAR_WIDTH * p.errored) / total));
  return `[${'#'.repeat(done)}${'x'.repeat(bad)}${'-'.repeat(BAR_WIDTH - done - bad)}] ${p.complete}/${p.total} pages${p.errored ? `, ${p.errored} failed` : ''}`;
}

export function statusLine(e: EventLike): string {
  const d = e.data;
  const parts = [d.status ?? e.type, d.phase, d.message].filter((x): x is string => !!x);
  const bar = d.progress && d.progress.total > 0 ? `  ${progressBar(d.progress)}` : '';
  return `${parts.join(' · ')}${bar}  (${d.observed_via ?? 'relay'})`;
}

export function summary(e: EventLike): string[] {
  const d = e.data;
  if (e.type.startsWith('watch.')) return [`gave up: ${d.error?.message ?? e.type}`];
  if (e.type === 'revision.clarification_needed') return [`Warpweb asks: ${d.message ?? 'a question'}`];
  if (d.status === 'failed') return [`failed: ${d.error ? `${d.error.message} (${d.error.code})` : 'no reason given'}`];
  const lines = [`${d.status}${d.url ? `: ${d.url}` : ''}`];
  for (const w of d.warnings ?? []) {
    lines.push(`  warning [${w.severity ?? '-'}] ${w.page ?? ''} ${w.message ?? ''}`.trimEnd());
    if (w.fix_prompt) lines.push(`    fix: ${w.fix_prompt}`);
  }
  return lines;
}

/** 0 complete, 1 failed, 2 the relay gave up (deadline, refused credentials); null while it goes on. */
export function exitCodeFor(e: { type: string }, kind: string): number | null {
  if (e.type === `${kind}.complete`) return 0;
  if (e.type === `${kind}.failed`) return 1;
  if (e.type === 'watch.expired' || e.type === 'watch.error') return 2;
  // A revision that waits for an answer has ended as far as the relay is concerned.
  if (e.type === 'revision.clarification_needed') return 2;
  return null;
}
