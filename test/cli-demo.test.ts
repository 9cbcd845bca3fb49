import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/cli/demo';

describe('sitewire demo', () => {
  it('runs every build to its end, catching the lost webhook by poll, and prints where to look', async () => {
    let out = '';
    const demo = await runDemo({ scale: 0.05, port: 0, write: (t) => (out += t) });
    try {
      await demo.finished;
      const { relay, builds } = demo;
      expect(out).toContain(`dashboard   ${relay.url}/`);
      expect(out).toContain(`${relay.url}/v1/resources/warpweb/site/${builds[0]!.id}/stream`);
      const last = async (b: (typeof builds)[number]) => {
        const res = await fetch(`${relay.url}/v1/resources/${b.provider}/${b.kind}/${b.id}`, {
          headers: { authorization: `Bearer ${relay.adminToken}` },
        });
        return (await res.json()).data;
      };
      const [brookside, juniper, northside, harbor, blog] = builds;
      // Its webhook usually wins; a poll landing in the same instant may be first, which is as correct.
      expect(await last(brookside!)).toMatchObject({
        status: 'complete_with_warnings',
        warnings: [{ code: 'hero-is-wedge-not-list' }],
      });
      expect(await last(juniper!)).toMatchObject({ status: 'complete', observed_via: 'poll' });
      expect(await last(northside!)).toMatchObject({
        status: 'failed',
        observed_via: 'poll',
        error: { code: 'build_failed' },
      });
      expect(await last(harbor!)).toMatchObject({
        status: 'complete_with_warnings',
        provider_status: 'partial',
        observed_via: 'poll',
      });
      expect(await last(blog!)).toMatchObject({ status: 'complete', observed_via: 'poll' });
      expect(out).toMatch(/site\.failed .*\n\s+=> failed: Could not find the business/);
      // The fix loop: Brookside's fix prompts went to Warpweb as a revision, which completed.
      expect(out).toMatch(/=> fix loop: the warnings' fix prompts were sent; following warpweb\/revision\/\S+\n/);
      expect(out).toMatch(/revision\.complete +warpweb\/revision\//);
      // The free-tier site a day from its pause was warned about.
      expect(out).toMatch(new RegExp(`site\\.pause_due +warpweb/site/${builds[5]!.id}`));
    } finally {
      await demo.stop();
    }
  });
});
