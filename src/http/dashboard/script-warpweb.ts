/**
 * Dashboard script, part 6: the Warpweb fix loop and free-tier sites. A site build with fix prompts
 * gets "Apply fix prompts" (POST /v1/watches/{id}/revisions); the revision's events then show its
 * progress on that card and on its own. Watched free-tier sites that are live are listed with their
 * pause countdown and a Refresh button (POST /v1/watches/{id}/refresh).
 */
export const SCRIPT_WARPWEB = String.raw`
const MAX_LIVE_SITES = 200;

/** The action row of a site build that Warpweb could fix, or null. */
function fixLoopActions(d) {
  const fixable = FEATURES.has('revisions') && FEATURES.has('resources') && d.provider === 'warpweb' && d.kind === 'site' &&
    d.status === 'complete_with_warnings' && Array.isArray(d.warnings) && d.warnings.some((w) => w.fix_prompt);
  if (!fixable) return null;
  const key = 'revision:' + d.resource_id;
  const result = h('span', { class: 'note revision-result', 'data-revision': state.results[key + ':subject'] || '' }, state.results[key] || '');
  const button = h('button', { type: 'button', class: 'small apply-fix', onclick: () => applyFixPrompts(d, button, result) }, 'Apply fix prompts');
  return h('div', { class: 'actions fix-loop' }, button, result);
}

async function applyFixPrompts(d, button, result) {
  const key = 'revision:' + d.resource_id;
  button.disabled = true;
  try {
    const r = await api('GET', '/v1/resources/warpweb/site/' + enc(d.resource_id));
    if (!r.watch) throw new ApiError(409, 'not_watched', 'only a watched site can be revised');
    const rev = await api('POST', '/v1/watches/' + enc(r.watch.id) + '/revisions', { apply_fix_prompts: true });
    state.results[key + ':subject'] = rev.subject;
    state.results[key] = revisionText(rev.resource_id, rev.status, rev.message);
  } catch (err) {
    if (err.status === 401) return;
    state.results[key] = 'Apply fix prompts: ' + err.message;
  } finally {
    button.disabled = false;
  }
  result.dataset.revision = state.results[key + ':subject'] || '';
  result.textContent = state.results[key];
}

const revisionText = (id, status, message) => 'revision ' + id + ': ' + joinText(status, message);

/** A revision event updates the fix-loop line of the site card that asked for it. */
function showRevision(e) {
  const d = e.data || {};
  for (const el of document.querySelectorAll('.revision-result')) {
    if (el.dataset.revision !== e.subject) continue;
    const text = revisionText(d.resource_id, e.type === 'revision.clarification_needed' ? 'question' : d.status, d.message);
    el.textContent = text;
    if (d.site_id) state.results['revision:' + d.site_id] = text;
  }
}

function duration(ms) {
  const min = Math.max(1, Math.floor(ms / 60000));
  const hours = Math.floor(min / 60);
  const days = Math.floor(hours / 24);
  if (days) return days + ' d ' + (hours % 24) + ' h';
  return hours ? hours + ' h ' + (min % 60) + ' min' : min + ' min';
}

function pauseText(w) {
  if (w.pause_state === 'paused') return 'paused: visitors see a placeholder until it is refreshed';
  if (!w.pause_at) return 'not checked yet';
  const left = Date.parse(w.pause_at) - Date.now();
  return left <= 0 ? 'pause due now' : 'pauses in ' + duration(left) + ' (' + clock(w.pause_at) + ')';
}

function liveSiteItem(w) {
  const url = safeUrl(w.url);
  const key = 'refresh:' + w.id;
  const result = h('span', { class: 'meta result' }, state.results[key] || '');
  const button = h('button', { type: 'button', class: 'small refresh-site', onclick: () => refreshSite(w, button) }, 'Refresh');
  return h('div', { class: 'item live-site', 'data-subject': w.subject, 'data-pause': w.pause_state || '' },
    h('div', { class: 'head' }, h('span', { class: 'name' }, 'site ' + w.resource_id),
      badge(w.pause_state || 'unknown', w.pause_state === 'paused' ? 'failed' : 'complete'), h('span', { class: 'meta' }, w.provider)),
    url ? h('div', {}, h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'url' }, url)) : null,
    h('div', { class: 'meta countdown' }, pauseText(w)),
    h('div', { class: 'actions' }, button, result));
}

async function refreshSite(w, button) {
  button.disabled = true;
  try {
    const r = await api('POST', '/v1/watches/' + enc(w.id) + '/refresh');
    state.results['refresh:' + w.id] = 'refreshed ' + clock(new Date().toISOString()) + ': ' + pauseText(r);
  } catch (err) {
    if (err.status === 401) return;
    state.results['refresh:' + w.id] = 'Refresh: ' + err.message;
  } finally {
    button.disabled = false;
  }
  later('live-sites', refreshLiveSites, 100);
}

async function refreshLiveSites() {
  if (!FEATURES.has('refresh') || !state.token) return;
  const { items, more } = await listAll('/v1/watches?state=done&provider=warpweb&kind=site', MAX_LIVE_SITES);
  setList('live-sites', items.filter((w) => w.pause_state).map(liveSiteItem), more);
}

/** handle()'s Warpweb step: revisions update their fix-loop line; site events may change a pause state. */
function onWarpwebEvent(e) {
  if (e.type.indexOf('revision.') === 0) showRevision(e);
  if (FEATURES.has('refresh') && e.subject.indexOf('warpweb/site/') === 0) later('live-sites', refreshLiveSites, 300);
}
`;
