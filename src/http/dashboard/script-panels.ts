/**
 * Dashboard script, part 3: active watches and subscriptions with their
 * deliveries. Each panel exists only when the relay serves its API.
 */
export const SCRIPT_PANELS = String.raw`
function setList(name, items) {
  const box = $(name);
  box.replaceChildren(...items);
  $(name + '-empty').hidden = items.length > 0;
  $(name + '-count').textContent = items.length ? '(' + items.length + ')' : '';
}

function watchItem(w) {
  const subject = w.subject || [w.provider, w.kind, w.resource_id].join('/');
  const build = state.builds.get(subject);
  const d = build ? build.event.data : { status: w.status, phase: w.phase, progress: null };
  return h('div', { class: 'item watch', 'data-subject': subject },
    h('div', { class: 'head' },
      h('span', { class: 'name' }, (w.kind || 'site') + ' ' + (w.resource_id || w.id)),
      statusBadge(w.state || 'active'), w.status ? statusBadge(w.status) : null,
      h('span', { class: 'meta' }, w.provider || '')),
    progressBar(d),
    h('div', { class: 'phase' }, joinText(d.phase || w.phase || 'waiting for the first answer', d.message)),
    h('div', { class: 'meta' }, joinText(
      (w.polls || 0) + ' polls', w.webhook_seen ? 'webhooks seen' : 'no webhook yet',
      w.next_poll_at ? 'next poll ' + clock(w.next_poll_at) : null)),
    w.last_error ? h('div', { class: 'error' }, typeof w.last_error === 'string' ? w.last_error : JSON.stringify(w.last_error)) : null);
}

async function refreshWatches() {
  if (!FEATURES.has('watches') || !state.token) return;
  const watches = listOf(await api('GET', '/v1/watches?state=active'));
  setList('watches', watches.map(watchItem));
}

function attemptSummary(d) {
  const attempts = Array.isArray(d.attempts) ? d.attempts : [];
  const last = attempts[attempts.length - 1] || d.last_attempt || {};
  const count = attempts.length || d.attempt_count || (typeof d.attempts === 'number' ? d.attempts : 0);
  return joinText(count ? count + (count === 1 ? ' attempt' : ' attempts') : null,
    last.status_code ? 'HTTP ' + last.status_code : null, last.error || null, clock(last.at || d.updated_at || d.created_at));
}

function resultText(r) {
  if (!r || typeof r !== 'object') return 'sent';
  const a = r.attempt || r.result || r;
  return joinText(a.status || a.outcome || (a.ok === true ? 'succeeded' : a.ok === false ? 'failed' : null),
    a.status_code ? 'HTTP ' + a.status_code : null, a.error || null, a.duration_ms !== undefined ? a.duration_ms + ' ms' : null) || 'sent';
}

function deliveryItem(d, subscriptionId) {
  const retry = FEATURES.has('retry') && (d.status === 'failed' || d.status === 'dead')
    ? h('button', { type: 'button', class: 'small retry', onclick: (ev) => act(ev.target, 'POST', '/v1/deliveries/' + enc(d.id) + '/retry', subscriptionId) }, 'Retry')
    : null;
  const what = d.event_type || (d.event && d.event.type) || d.event_id || d.id;
  return h('li', { class: 'delivery', 'data-status': d.status || '' },
    statusBadge(d.status), h('span', { class: 'mono' }, what), h('span', { class: 'meta' }, attemptSummary(d)), retry);
}

/** Runs a button's request; its outcome is kept by subscription, so a refresh of the list keeps showing it. */
async function act(button, method, path, subscriptionId) {
  button.disabled = true;
  let text;
  try {
    text = resultText(await api(method, path));
  } catch (err) {
    if (err.status === 401) return;
    text = err.message;
  } finally {
    button.disabled = false;
  }
  state.results[subscriptionId] = (button.textContent === 'Retry' ? 'retry: ' : 'test: ') + text;
  later('subscriptions', refreshSubscriptions, 100);
}

const newestFirst = (a, b) => String(b.created_at || b.id || '').localeCompare(String(a.created_at || a.id || ''));

async function subscriptionItem(s) {
  const deliveries = FEATURES.has('deliveries') ? listOf(await api('GET', '/v1/subscriptions/' + enc(s.id) + '/deliveries')) : [];
  const filters = joinText(...['types', 'providers', 'resources'].map((k) => (Array.isArray(s[k]) && s[k].length ? k + ': ' + s[k].join(', ') : null)));
  const test = FEATURES.has('test-event')
    ? h('button', { type: 'button', class: 'small test', onclick: (ev) => act(ev.target, 'POST', '/v1/subscriptions/' + enc(s.id) + '/test', s.id) }, 'Send test event')
    : null;
  return h('div', { class: 'item subscription', 'data-id': s.id },
    h('div', { class: 'head' }, h('span', { class: 'name mono' }, s.url), badge(s.enabled === false ? 'disabled' : 'enabled', s.enabled === false ? 'disabled' : 'enabled')),
    s.description ? h('div', {}, s.description) : null,
    h('div', { class: 'meta' }, joinText(filters || 'every event', s.disabled_reason)),
    h('div', { class: 'actions' }, test, h('span', { class: 'meta result' }, state.results[s.id] || '')),
    deliveries.length ? h('ul', { class: 'deliveries' }, deliveries.slice().sort(newestFirst).slice(0, 8).map((d) => deliveryItem(d, s.id))) : null);
}

async function refreshSubscriptions() {
  if (!FEATURES.has('subscriptions') || !state.token) return;
  const subs = listOf(await api('GET', '/v1/subscriptions'));
  setList('subscriptions', await Promise.all(subs.map(subscriptionItem)));
}
`;
