/**
 * Dashboard script, part 5: signing in with the admin token (kept in
 * sessionStorage, this tab only), trading it for a stream token, and the
 * EventSource that keeps the page live.
 */
export const SCRIPT_SESSION = String.raw`
// EventSource fires listeners by event name only: listen to every type the relay
// emits by itself; others (pass-through types) arrive through the catch-up.
const STREAM_TYPES = ['site', 'revision', 'page', 'blog']
  .flatMap((k) => ['queued', 'progress', 'complete', 'failed'].map((t) => k + '.' + t))
  .concat(['revision.clarification_needed', 'form.submitted', 'watch.expired', 'watch.error', 'sitewire.test']);

function setStatus(s) {
  const el = $('status');
  el.dataset.state = s;
  el.textContent = s === 'live' ? 'live' : s === 'connecting' ? 'connecting…' : 'signed out';
}

/** A stream event: fill any gap through the catch-up API first, so order holds. */
function onStreamEvent(e) {
  state.chain = state.chain
    .then(async () => {
      const seq = Number(e.sequence);
      if (seq > state.lastSeq + 1) await catchUp(seq - 1);
      handle(e);
    })
    .catch(report);
}

async function connect() {
  const generation = ++state.generation;
  clearTimeout(state.retryTimer);
  setStatus('connecting');
  const t = await api('POST', '/v1/stream-tokens', { ttl_s: TOKEN_TTL_S });
  await state.chain; // start after what has been taken in
  if (generation !== state.generation) return;
  if (state.es) state.es.close();
  const es = new EventSource('/v1/stream?access_token=' + enc(t.token) + '&last_event_id=' + state.lastSeq);
  state.es = es;
  const take = (m) => {
    if (state.es !== es) return;
    try {
      onStreamEvent(JSON.parse(m.data));
    } catch (err) {
      report(err);
    }
  };
  es.onmessage = take;
  for (const type of STREAM_TYPES) es.addEventListener(type, take);
  es.onopen = () => {
    if (state.es === es) setStatus('live');
  };
  es.onerror = () => {
    if (state.es !== es) return;
    setStatus('connecting');
    // CLOSED: the browser gave up (e.g. the token expired); get a new token. Otherwise it retries itself.
    if (es.readyState === EventSource.CLOSED) retryLater();
  };
  // Trade for a fresh token a minute before this one ends (the relay ends its streams then).
  clearTimeout(state.renewTimer);
  state.renewTimer = setTimeout(() => connect().catch(onConnectError), (TOKEN_TTL_S - 60) * 1000);
}

function onConnectError(err) {
  if (err && err.status === 401) return;
  report(err);
  retryLater();
}
function retryLater() {
  clearTimeout(state.retryTimer);
  state.retryTimer = setTimeout(() => connect().catch(onConnectError), 3000);
}

function refreshAll() {
  later('watches', refreshWatches, 0);
  later('subscriptions', refreshSubscriptions, 0);
  later('live-sites', refreshLiveSites, 0);
  later('health', refreshHealth, 0);
}

async function signIn(token) {
  state.token = token;
  $('login-error').hidden = true;
  let head;
  try {
    head = await api('GET', '/v1/events?limit=1');
  } catch (err) {
    if (err.status !== 401) signOut('Cannot reach the relay: ' + err.message);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  $('login').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = false;
  $('watches-panel').hidden = !FEATURES.has('watches');
  $('subscriptions-panel').hidden = !FEATURES.has('subscriptions');
  $('live-sites-panel').hidden = !FEATURES.has('refresh');
  const last = Number(head.last_sequence || head.next_after || 0);
  state.lastSeq = Math.max(0, last - BACKFILL);
  try {
    await catchUp();
    await connect();
  } catch (err) {
    onConnectError(err);
  }
  refreshAll();
  clearInterval(state.pollTimer);
  // Watches count polls and deliveries retry without events: look again now and then.
  state.pollTimer = setInterval(() => {
    if (document.hidden || !state.token) return;
    state.chain = state.chain.then(() => catchUp()).catch(report);
    refreshAll();
  }, 10000);
}

function signOut(message) {
  state.generation++;
  state.token = null;
  if (state.es) state.es.close();
  state.es = null;
  for (const t of [state.renewTimer, state.retryTimer, ...Object.values(state.timers)]) clearTimeout(t);
  clearInterval(state.pollTimer);
  sessionStorage.removeItem(TOKEN_KEY);
  state.builds.clear();
  state.results = {};
  state.lastSeq = 0;
  for (const id of ['events', 'builds', 'watches', 'subscriptions', 'live-sites']) $(id).replaceChildren();
  for (const id of ['events', 'builds', 'watches', 'subscriptions', 'live-sites']) {
    $(id + '-empty').hidden = false;
    $(id + '-count').textContent = '';
  }
  notice('');
  $('app').hidden = true;
  $('sign-out').hidden = true;
  $('login').hidden = false;
  const error = $('login-error');
  error.textContent = message || '';
  error.hidden = !message;
  setStatus('signed-out');
}

$('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = $('token');
  const token = input.value.trim();
  input.value = '';
  if (token) signIn(token);
});
$('sign-out').addEventListener('click', () => signOut(''));
const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) signIn(saved);
`;
