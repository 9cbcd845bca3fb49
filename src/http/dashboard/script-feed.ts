/** Dashboard script, part 2: the live event list and one card per build. */
export const SCRIPT_FEED = String.raw`
function eventRow(e) {
  const d = e.data || {};
  const json = h('pre');
  const details = h('details', {}, h('summary', {}, 'JSON'), json);
  details.addEventListener('toggle', () => {
    if (!json.textContent) json.textContent = JSON.stringify(e, null, 2);
  });
  return h('li', { class: 'item event fresh', 'data-type': e.type, 'data-seq': e.sequence },
    h('div', { class: 'head' }, badge(e.type, d.status), h('span', { class: 'mono' }, e.subject)),
    h('div', { class: 'meta' }, joinText(clock(e.time), d.status, d.phase, d.message, 'via ' + (d.observed_via || '?'), '#' + e.sequence)),
    details);
}

function addEventRow(e) {
  const list = $('events');
  list.prepend(eventRow(e));
  while (list.children.length > MAX_EVENT_ROWS) list.lastElementChild.remove();
  $('events-empty').hidden = true;
  $('events-count').textContent = '(' + list.children.length + ')';
}

function warningItem(w) {
  const fix = w.fix_prompt
    ? [h('div', { class: 'fix' }, w.fix_prompt),
       h('button', { type: 'button', class: 'small', onclick: (ev) => copy(ev.target, w.fix_prompt) }, 'Copy fix prompt')]
    : null;
  return h('li', { class: 'warning' },
    h('div', { class: 'head' }, badge(w.severity || 'warning', w.severity === 'error' ? 'failed' : 'complete_with_warnings'),
      h('span', { class: 'mono' }, w.code || ''), h('span', { class: 'meta' }, joinText(w.page, w.viewport))),
    w.message ? h('div', {}, w.message) : null,
    fix);
}

function copy(button, text) {
  const done = (label) => { button.textContent = label; setTimeout(() => { button.textContent = 'Copy fix prompt'; }, 1500); };
  if (navigator.clipboard) navigator.clipboard.writeText(text).then(() => done('Copied'), () => done('Select and copy the text above'));
  else done('Select and copy the text above');
}

function buildCard(e) {
  const d = e.data || {};
  const url = safeUrl(d.url);
  const card = h('div', { class: 'item build', 'data-subject': e.subject, 'data-status': d.status || '' },
    h('div', { class: 'head' },
      h('span', { class: 'name' }, (d.kind || 'build') + ' ' + (d.resource_id || e.subject)),
      h('span', { class: 'status' }, statusBadge(d.status)),
      h('span', { class: 'meta' }, d.provider || '')),
    progressBar(d),
    d.phase || d.message ? h('div', { class: 'phase' }, joinText(d.phase, d.message)) : null,
    url ? h('div', {}, h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'url' }, url)) : null,
    d.error ? h('div', { class: 'error' }, joinText(d.error.code, d.error.message)) : null,
    Array.isArray(d.warnings) && d.warnings.length
      ? h('details', { class: 'warnings-box', open: true }, h('summary', {}, d.warnings.length + ' warning' + (d.warnings.length > 1 ? 's' : '')),
          h('ul', { class: 'warnings' }, d.warnings.map(warningItem)))
      : null,
    fixLoopActions(d),
    h('div', { class: 'meta' }, joinText('updated ' + clock(e.time), 'via ' + (d.observed_via || '?'), e.type, '#' + e.sequence)));
  if (FEATURES.has('resources') && d.provider && d.kind && d.resource_id) {
    const out = h('pre', { hidden: true });
    const button = h('button', { type: 'button', class: 'small', onclick: () => showResource(d, out, button) }, 'Latest state');
    card.append(h('div', { class: 'actions' }, button), out);
  }
  return card;
}

async function showResource(d, out, button) {
  button.disabled = true;
  try {
    const r = await api('GET', '/v1/resources/' + enc(d.provider) + '/' + enc(d.kind) + '/' + enc(d.resource_id));
    out.textContent = JSON.stringify(r, null, 2);
    out.hidden = false;
  } catch (err) {
    report(err);
  } finally {
    button.disabled = false;
  }
}

/** The newest state event of each build wins; its card moves to the top. */
function updateBuild(e) {
  const prev = state.builds.get(e.subject);
  if (prev && Number(prev.event.sequence) >= Number(e.sequence)) return;
  const card = buildCard(e);
  if (prev) prev.card.remove();
  state.builds.set(e.subject, { event: e, card });
  $('builds').prepend(card);
  $('builds-empty').hidden = true;
  $('builds-count').textContent = '(' + state.builds.size + ')';
}

/** Takes one event, from the stream or the catch-up API, exactly once and in order. */
function handle(e) {
  const seq = Number(e.sequence);
  if (!(seq > state.lastSeq)) return;
  state.lastSeq = seq;
  addEventRow(e);
  const d = e.data || {};
  if (d.status && e.subject) updateBuild(e);
  onWarpwebEvent(e);
  if (FEATURES.has('watches') && (d.status || e.type.indexOf('watch.') === 0)) later('watches', refreshWatches, 300);
  if (FEATURES.has('subscriptions')) later('subscriptions', refreshSubscriptions, 800);
}

/** Reads on through GET /v1/events: the backfill, and events of types the stream has no listener for. */
async function catchUp(until) {
  for (let i = 0; i < 20; i++) {
    const page = await api('GET', '/v1/events?limit=500&after=' + state.lastSeq);
    for (const e of page.data) handle(e);
    if (page.data.length < 500 || (until !== undefined && state.lastSeq >= until)) return page;
  }
}
`;
