/**
 * Dashboard script, part 3: active watches (GET /v1/watches, paged by
 * next_cursor) and subscriptions (GET /v1/subscriptions) with their recent
 * deliveries. Each panel exists only when the relay serves its API.
 */
export const SCRIPT_PANELS = String.raw`
const MAX_WATCHES = 500;
const MAX_SUBSCRIPTIONS = 100;

function setList(name, items, more) {
  const box = $(name);
  // A form kept open across refreshes (script-settings.ts) is moved, which drops its focus: give it back.
  const focused = box.contains(document.activeElement) ? document.activeElement : null;
  box.replaceChildren(...items);
  if (focused && focused !== document.activeElement && box.contains(focused)) focused.focus();
  $(name + '-empty').hidden = items.length > 0;
  $(name + '-count').textContent = items.length ? '(' + items.length + (more ? '+' : '') + ')' : '';
}

/** A watch row (watch-schemas.ts). The build's newest event, when the page has it, is fresher than the row. */
function watchItem(w) {
  const build = state.builds.get(w.subject);
  const d = build ? build.event.data : { status: w.status, phase: w.phase, message: w.message, progress: w.progress, url: w.url };
  const url = safeUrl(d.url || w.url);
  const phase = joinText(d.phase, d.message) || (d.status ? '' : 'waiting for the first answer');
  return h('div', { class: 'item watch', 'data-subject': w.subject, 'data-status': d.status || '' },
    h('div', { class: 'head' },
      h('span', { class: 'name' }, w.kind + ' ' + w.resource_id),
      statusBadge(w.state), d.status ? statusBadge(d.status) : null,
      h('span', { class: 'meta' }, w.provider)),
    progressBar(d),
    phase ? h('div', { class: 'phase' }, phase) : null,
    url ? h('div', {}, h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'url' }, url)) : null,
    h('div', { class: 'meta polls' }, joinText(
      w.polls + (w.polls === 1 ? ' poll' : ' polls'), w.webhook_seen ? 'webhooks seen' : 'no webhook yet',
      w.next_poll_at ? 'next poll ' + clock(w.next_poll_at) : null, 'gives up ' + clock(w.deadline_at))),
    w.last_error ? h('div', { class: 'error' }, w.last_error) : null);
}

async function refreshWatches() {
  if (!FEATURES.has('watches') || !state.token) return;
  const { items, more } = await listAll('/v1/watches?state=active', MAX_WATCHES);
  setList('watches', items.map(watchItem), more);
}

/** Runs a button's request; its outcome is kept by subscription, so a refresh of the list keeps showing it. */
async function act(button, path, subscriptionId, describe, body) {
  button.disabled = true;
  let text;
  try {
    text = describe(await api('POST', path, body));
  } catch (err) {
    if (err.status === 401) return;
    text = button.textContent + ': ' + err.message;
  } finally {
    button.disabled = false;
  }
  state.results[subscriptionId] = text;
  later('subscriptions', refreshSubscriptions, 100);
}

/** POST /v1/subscriptions/{id}/test answers {event_id, delivered, attempt}. */
function testText(r) {
  const a = (r && r.attempt) || {};
  return 'test: ' + joinText(r && r.delivered ? 'delivered' : 'not delivered',
    a.status_code ? 'HTTP ' + a.status_code : null, a.error, typeof a.duration_ms === 'number' ? a.duration_ms + ' ms' : null);
}

function subscriptionItem(s, deliveries) {
  const filters = joinText(...['types', 'providers', 'resources'].map((k) => (s[k].length ? k + ': ' + s[k].join(', ') : null)));
  const test = FEATURES.has('test-event')
    ? h('button', { type: 'button', class: 'small test', onclick: (ev) => act(ev.target, '/v1/subscriptions/' + enc(s.id) + '/test', s.id, testText) }, 'Send test event')
    : null;
  return h('div', { class: 'item subscription', 'data-id': s.id },
    h('div', { class: 'head' }, h('span', { class: 'name mono' }, s.url), badge(s.enabled ? 'enabled' : 'disabled', s.enabled ? 'enabled' : 'disabled')),
    s.description ? h('div', {}, s.description) : null,
    h('div', { class: 'meta' }, joinText(filters || 'every event', s.disabled_reason)),
    h('div', { class: 'actions' }, test, recoverButton(s), h('span', { class: 'meta result' }, state.results[s.id] || '')),
    settingsForm(s),
    deliveries.length
      ? h('ul', { class: 'deliveries', 'aria-label': 'recent deliveries' }, deliveries.map((d) => deliveryItem(d, s.id)))
      : h('div', { class: 'meta' }, 'No deliveries yet.'));
}

async function refreshSubscriptions() {
  if (!FEATURES.has('subscriptions') || !state.token) return;
  const { items, more } = await listAll('/v1/subscriptions', MAX_SUBSCRIPTIONS);
  const logs = await Promise.all(items.map(recentDeliveries));
  setList('subscriptions', items.map((s, i) => subscriptionItem(s, logs[i])), more);
  later('health', refreshHealth, 500);
  const wait = recheckIn(logs.flat());
  if (wait !== null) later('subscriptions', refreshSubscriptions, wait);
}
`;
