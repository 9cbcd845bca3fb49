import { describe, expect, it } from 'vitest';
import { runWatch } from '../src/cli/watch';
import { REVISION_QUESTION } from '../src/simulators/warpweb-revisions';
import { useProviders } from './helpers/providers';

const p = useProviders();

async function watchRevision(id: string, revise: NonNullable<Parameters<typeof runWatch>[0]['revise']>) {
  let out = '';
  const code = await runWatch({
    url: p.relay.url,
    token: p.relay.adminToken,
    provider: 'warpweb',
    id,
    kind: 'site',
    revise,
    write: (t) => (out += t),
    tty: false,
  });
  return { code, out };
}

describe('sitewire watch --revise / --fix', () => {
  it('waits for the build, sends the fix prompts and follows the revision to its end (exit 0)', async () => {
    const id = p.warpweb.addSite({ durationMs: 600, outcome: 'complete_with_warnings', revisionMs: 400 });
    const { code, out } = await watchRevision(id, { apply_fix_prompts: true });
    expect(code).toBe(0);
    const sent = p.warpweb.actions.filter((a) => a.siteId === id);
    expect(sent.map((a) => a.prompt)).toEqual(['Hero must present the services as a short list, not tiles']);
    expect(out).toContain(`revising warpweb/site/${id} (complete_with_warnings)`);
    expect(out).toContain(`watching warpweb/revision/${sent[0]!.revisionId}`);
    expect(out).toMatch(/\ncomplete: https:\/\/\S+\.warpweb\.app\n$/);
  });

  it('exits 2 with the question when Warpweb asks for clarification', async () => {
    const id = p.warpweb.addSite({ durationMs: 300, revisionOutcome: 'clarification', revisionMs: 300 });
    const { code, out } = await watchRevision(id, { prompt: 'Reorder the services' });
    expect(code).toBe(2);
    expect(out).toContain(`Warpweb asks: ${REVISION_QUESTION}`);
  });

  it('exits 2 with the relay error when the revision is refused', async () => {
    const id = p.warpweb.addSite({ durationMs: 300 });
    const { code, out } = await watchRevision(id, { apply_fix_prompts: true });
    expect(code).toBe(2);
    expect(out).toMatch(/\nsitewire: no_fix_prompts: .+\n$/);
  });
});
