/**
 * Dashboard script, part 4: one subscription's recent deliveries
 * (GET /v1/subscriptions/{id}/deliveries, newest first, with attempts), the
 * retry button, and when to look again: outcomes change without an event.
 */
export const SCRIPT_DELIVERIES = String.raw`
const RECENT_DELIVERIES = 8;
/** How soon to look again while a delivery is about to be attempted. */
const SOON_MS = 1000;
const WATCH_RETRIES_WITHIN_MS = 60000;

function attemptSummary(d) {
  const last = d.attempts[d.attempts.length - 1];
  const count = d.attempt_count;
  return joinText(
    count ? count + (count === 1 ? ' attempt' : ' attempts') : 'not attempted yet',
    last && last.status_code ? 'HTTP ' + last.status_code : null,
    last ? last.error : null,
    last ? clock(last.at) : null,
    d.status === 'failed' && d.next_attempt_at ? 'next try ' + clock(d.next_attempt_at) : null);
}

/** POST /v1/deliveries/{id}/retry answers the delivery, queued again. */
const retryText = (d) => 'retry: ' + (d && d.status === 'pending' ? 'queued' : (d && d.status) || 'queued');

function deliveryItem(d, subscriptionId) {
  const retry = FEATURES.has('retry') && (d.status === 'failed' || d.status === 'dead')
    ? h('button', { type: 'button', class: 'small retry', onclick: (ev) => act(ev.target, '/v1/deliveries/' + enc(d.id) + '/retry', subscriptionId, retryText) }, 'Retry')
    : null;
  const last = d.attempts[d.attempts.length - 1];
  return h('li', { class: 'delivery', 'data-id': d.id, 'data-status': d.status, title: last && last.response_excerpt ? 'answer: ' + last.response_excerpt : null },
    statusBadge(d.status), h('span', { class: 'mono' }, d.event_type), h('span', { class: 'meta' }, joinText(d.subject, attemptSummary(d))), retry);
}

const recentDeliveries = async (s) => (FEATURES.has('deliveries')
  ? listOf(await api('GET', '/v1/subscriptions/' + enc(s.id) + '/deliveries?limit=' + RECENT_DELIVERIES))
  : []);

/** ms until a shown delivery may have changed (queued now, or a retry due soon); null = the usual poll will do. */
function recheckIn(deliveries) {
  const now = Date.now();
  const waits = deliveries.map((d) => {
    if (d.status === 'pending') return SOON_MS;
    const due = d.status === 'failed' && d.next_attempt_at ? Date.parse(d.next_attempt_at) - now : NaN;
    return due >= 0 && due < WATCH_RETRIES_WITHIN_MS ? due + 500 : null;
  }).filter((ms) => ms !== null);
  return waits.length ? Math.min(...waits) : null;
}
`;
