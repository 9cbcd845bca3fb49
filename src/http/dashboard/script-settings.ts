/**
 * Dashboard script, part 5: a subscription's delivery settings form (PATCH
 * /v1/subscriptions/{id}; an empty field turns its setting off), the "Recover
 * failed" button (POST .../recover for the last 24 hours) and the health strip:
 * the latest operational events (GET /v1/events with their types named, since
 * they are opt-in). An open form survives the list's refreshes.
 */
export const SCRIPT_SETTINGS = String.raw`
const HEALTH_TYPES = 'subscription.*,delivery.*,provider.*';
const HEALTH_ROWS = 20;
const RECOVER_WINDOW_MS = 86400000;
const settingsForms = new Map();
const health = { token: null, after: 0, rows: [] };

const headersText = (hs) => Object.entries(hs || {}).map(([k, v]) => k + ': ' + v).join('\n');
function headersOf(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (line.trim() && i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return Object.keys(out).length ? out : null;
}
const numberOr = (v) => (v.trim() === '' ? null : Number(v));

function field(label, name, value, attrs) {
  const input = name === 'headers'
    ? h('textarea', { name, rows: 3, spellcheck: 'false', placeholder: 'Authorization: Bearer ...' })
    : h('input', Object.assign({ name, autocomplete: 'off' }, attrs));
  input.value = value === null || value === undefined ? '' : String(value);
  return h('label', { class: 'field' }, h('span', { class: 'meta' }, label), input);
}

function settingsBody(f) {
  const v = (n) => f.elements[n].value;
  const failures = numberOr(v('circuit_failures'));
  const cooldown = numberOr(v('circuit_cooldown_s'));
  const rate = numberOr(v('rate_per_second'));
  return {
    headers: headersOf(v('headers')),
    rate_limit: rate === null ? null : { per_second: rate },
    retry_schedule: v('retry_schedule').trim() || null,
    timeout_ms: numberOr(v('timeout_ms')),
    circuit: failures === null && cooldown === null ? null : { failures, cooldown_s: cooldown },
  };
}

function settingsForm(s) {
  const kept = settingsForms.get(s.id);
  if (kept && kept.open) return kept;
  const result = h('span', { class: 'meta settings-result' }, state.results['settings:' + s.id] || '');
  const form = h('form', { class: 'settings-form' },
    field('Headers (one "Name: value" a line)', 'headers', headersText(s.headers)),
    field('Rate limit (attempts per second)', 'rate_per_second', s.rate_limit && s.rate_limit.per_second, { type: 'number', step: 'any', min: '0' }),
    field('Retry schedule (e.g. 5s,1m,1h)', 'retry_schedule', s.retry_schedule, {}),
    field('Timeout (ms)', 'timeout_ms', s.timeout_ms, { type: 'number', min: '100' }),
    field('Circuit: failures', 'circuit_failures', s.circuit && s.circuit.failures, { type: 'number', min: '1' }),
    field('Circuit: cooldown (s)', 'circuit_cooldown_s', s.circuit && s.circuit.cooldown_s, { type: 'number', min: '1' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'small' }, 'Save settings'), result));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    let text;
    try {
      await api('PATCH', '/v1/subscriptions/' + enc(s.id), settingsBody(form));
      text = 'settings saved';
      box.open = false;
    } catch (err) {
      if (err.status === 401) return;
      const issues = (err.issues || []).map((i) => i.path.join('.') + ': ' + i.message);
      text = 'not saved: ' + joinText(err.message, ...issues);
    } finally {
      button.disabled = false;
    }
    state.results['settings:' + s.id] = text;
    result.textContent = text;
    later('subscriptions', refreshSubscriptions, 100);
  });
  const summary = joinText(s.headers ? Object.keys(s.headers).length + ' headers' : null,
    s.rate_limit ? s.rate_limit.per_second + '/s' : null, s.retry_schedule ? 'retries ' + s.retry_schedule : null,
    s.timeout_ms ? 'timeout ' + s.timeout_ms + ' ms' : null,
    s.circuit ? 'circuit ' + s.circuit.failures + ' / ' + s.circuit.cooldown_s + ' s' : null,
    s.circuit_open_until ? 'circuit open until ' + clock(s.circuit_open_until) : null);
  const box = h('details', { class: 'settings' }, h('summary', {}, 'Delivery settings' + (summary ? ': ' + summary : '')), form);
  settingsForms.set(s.id, box);
  return box;
}

/** POST .../recover answers {recovered}. */
const recoverText = (r) => 'recover: ' + (r && typeof r.recovered === 'number' ? r.recovered : 0) + ' re-queued';
function recoverButton(s) {
  if (!FEATURES.has('recover')) return null;
  const body = () => ({ since: new Date(Date.now() - RECOVER_WINDOW_MS).toISOString() });
  return h('button', { type: 'button', class: 'small recover', onclick: (ev) => act(ev.target, '/v1/subscriptions/' + enc(s.id) + '/recover', s.id, recoverText, body()) }, 'Recover failed');
}

function healthItem(e) {
  const d = e.data || {};
  const about = d.subscription_id || d.provider || e.subject;
  return h('li', { class: 'item health-event', 'data-type': e.type, 'data-id': e.id },
    badge(e.type, /disabled|dead|refused|quiet/.test(e.type) ? 'failed' : 'succeeded'),
    h('span', { class: 'mono' }, about),
    h('span', { class: 'meta' }, joinText(d.reason || d.last_error || d.message || null, clock(e.time))));
}

/** Reads operational events on from the last one seen, and shows the newest HEALTH_ROWS. */
async function refreshHealth() {
  if (!state.token) return;
  // Signed in again (perhaps another relay or token): start over.
  if (health.token !== state.token) Object.assign(health, { token: state.token, after: 0, rows: [] });
  for (let page = 0; page < 10; page++) {
    const r = await api('GET', '/v1/events?types=' + enc(HEALTH_TYPES) + '&limit=100&after=' + health.after);
    const events = listOf(r);
    health.rows = health.rows.concat(events).slice(-HEALTH_ROWS);
    health.after = Number((r && r.next_after) || health.after);
    if (events.length < 100) break;
  }
  const items = health.rows.slice().reverse().map(healthItem);
  $('health').replaceChildren(...items);
  $('health-empty').hidden = items.length > 0;
}
`;
