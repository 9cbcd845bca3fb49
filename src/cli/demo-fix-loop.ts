/**
 * What `sitewire demo` does besides watching: when the build with warnings is live, it applies
 * its fix prompts (POST /v1/watches/:id/revisions, called in-process) and the revision is
 * followed to its end; the site whose free-tier window is nearly over shows site.pause_due.
 */
import type { StoredEvent } from '../core/event';
import type { Relay } from '../services/relay';

export interface DemoExtras {
  /** Subjects (or placeholders) the demo still waits for. */
  waitingFor: string[];
  /** Takes each event (settling what it waited for). */
  onEvent(e: StoredEvent): void;
}

export function demoExtras(
  relay: Relay,
  fixSite: string,
  pauseSite: string,
  write: (t: string) => void,
  settle: (key: string) => void,
  expect: (key: string) => void,
): DemoExtras {
  const fixKey = `fix-loop:${fixSite}`;
  const pauseKey = `pause:${pauseSite}`;
  return {
    waitingFor: [fixKey, pauseKey],
    onEvent(e) {
      if (e.type === 'site.pause_due' && e.subject === `warpweb/site/${pauseSite}`) settle(pauseKey);
      if (e.type !== 'site.complete' || e.subject !== `warpweb/site/${fixSite}`) return;
      const watch = relay.watches.bySubject(e.subject);
      if (!watch) return settle(fixKey);
      relay.warpweb
        .revise(watch.id, { applyFixPrompts: true })
        .then((revision) => {
          write(`${' '.repeat(9)}=> fix loop: the warnings' fix prompts were sent; following ${revision.subject}\n`);
          expect(revision.subject);
        })
        .catch((err) => write(`${' '.repeat(9)}=> fix loop: ${(err as Error).message}\n`))
        .finally(() => settle(fixKey));
    },
  };
}
