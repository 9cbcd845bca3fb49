/** The builds `sitewire demo` runs: each shows one thing a newcomer should see. */
import type { LindoSim } from '../simulators/lindo-sim';
import type { WarpwebSim } from '../simulators/warpweb-sim';

export interface DemoBuild {
  provider: 'warpweb' | 'lindo';
  kind: 'site' | 'blog';
  id: string;
  name: string;
  story: string;
  /** Watched through POST /v1/watches (the others are found by their webhooks). */
  watchByApi: boolean;
}

/** Durations are seconds at scale 1; the whole flow ends in about a minute. */
export function startDemoBuilds(warpweb: WarpwebSim, lindo: LindoSim, scale: number): DemoBuild[] {
  const s = (seconds: number) => Math.round(seconds * 1000 * scale);
  return [
    {
      provider: 'warpweb',
      kind: 'site',
      name: 'Brookside Plumbing',
      watchByApi: false,
      story: 'every webhook delivered; completes with a warning, then its fix prompt is applied as a revision',
      id: warpweb.addSite({
        businessName: 'Brookside Plumbing',
        durationMs: s(35),
        outcome: 'complete_with_warnings',
        revisionMs: s(10),
      }),
    },
    {
      provider: 'warpweb',
      kind: 'site',
      name: 'Juniper Bakery',
      watchByApi: false,
      story: 'its site.complete webhook is lost: the poll reports it',
      id: warpweb.addSite({ businessName: 'Juniper Bakery', durationMs: s(45), drop: ['site.complete'] }),
    },
    {
      provider: 'warpweb',
      kind: 'site',
      name: 'Northside Dental',
      watchByApi: true,
      story: 'no webhooks at all, watched through the API; the build fails',
      id: warpweb.addSite({ businessName: 'Northside Dental', durationMs: s(30), outcome: 'failed', drop: true }),
    },
    {
      provider: 'lindo',
      kind: 'site',
      name: 'Harbor Yoga',
      watchByApi: true,
      story: 'Lindo website, pages counted as they finish; one page fails (partial)',
      id: lindo.addWorkflow({
        kind: 'website',
        businessName: 'Harbor Yoga',
        durationMs: s(50),
        outcome: 'partial',
        pages: 5,
        shape: 'nested',
        pollAfterMs: s(3),
      }),
    },
    {
      provider: 'lindo',
      kind: 'blog',
      name: 'Harbor Yoga blog post',
      watchByApi: true,
      story:
        "Lindo blog post; its completion webhook is a hint: the relay polls at once and emits the status API's answer",
      id: lindo.addWorkflow({ kind: 'blog', durationMs: s(25), idName: 'workflow_id', pollAfterMs: s(20) }),
    },
    {
      provider: 'warpweb',
      kind: 'site',
      name: 'Maple Street Florist',
      watchByApi: true,
      story: 'a free-tier site last refreshed 6.5 days ago: site.pause_due warns a day before it is paused',
      id: warpweb.addSite({
        businessName: 'Maple Street Florist',
        durationMs: s(15),
        drop: true,
        refreshedAt: Date.now() - 6.5 * 86_400_000,
      }),
    },
  ];
}
