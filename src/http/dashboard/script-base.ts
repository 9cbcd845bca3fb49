/**
 * Dashboard script, part 1: state, DOM and API helpers. Browser JavaScript
 * kept as a string so the page needs no build step and bundles on Workers;
 * it must hold no backticks and no dollar-brace (it sits in a template).
 * Everything from the relay is untrusted text: it is only ever set as
 * textContent, and links are http(s) only.
 */
export const SCRIPT_BASE = String.raw`
const FEATURES = new Set((document.documentElement.dataset.features || '').split(' ').filter(Boolean));
const TOKEN_KEY = 'sitewire.adminToken';
const TOKEN_TTL_S = 3600;
const MAX_EVENT_ROWS = 200;
const BACKFILL = 100;
const $ = (id) => document.getElementById(id);
const state = {
  token: null, lastSeq: 0, generation: 0, es: null, chain: Promise.resolve(),
  builds: new Map(), results: {}, timers: {}, renewTimer: null, retryTimer: null, pollTimer: null,
};

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false && c !== '') el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const KNOWN_STATES = ['queued', 'running', 'complete', 'complete_with_warnings', 'failed', 'pending', 'succeeded', 'dead', 'active', 'done', 'expired', 'error', 'enabled', 'disabled'];
const badge = (text, status) => h('span', { class: 'badge s-' + (KNOWN_STATES.includes(status) ? status : 'other') }, String(text));
/** A status as words: complete_with_warnings -> complete with warnings. */
const statusBadge = (status) => badge(String(status || 'unknown').replace(/_/g, ' '), status);
const safeUrl = (u) => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);
const enc = encodeURIComponent;
function clock(iso) {
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '' : d.toLocaleTimeString();
}
const listOf = (r) => (Array.isArray(r) ? r : r && Array.isArray(r.data) ? r.data : []);
const joinText = (...parts) => parts.filter((p) => p !== null && p !== undefined && p !== '').join(' · ');

function notice(message) {
  const el = $('notice');
  el.textContent = message || '';
  el.hidden = !message;
}
function report(err) {
  if (err && err.status === 401) return; // already signed out
  notice((err && err.message) || String(err));
}

class ApiError extends Error {
  constructor(status, code, message, issues) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues || [];
  }
}

async function api(method, path, body) {
  const headers = { authorization: 'Bearer ' + state.token };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!res.ok) {
    const err = (json && json.error) || {};
    if (res.status === 401) signOut('The relay refused the admin token.');
    throw new ApiError(res.status, err.code || 'http_' + res.status, err.message || res.status + ' ' + res.statusText, err.issues);
  }
  return json;
}

/** Debounced refreshes: many events in a burst cause one request. */
function later(name, fn, ms) {
  clearTimeout(state.timers[name]);
  state.timers[name] = setTimeout(() => fn().catch(report), ms);
}

const PHASES = ['researching', 'research_review', 'generating', 'reviewing', 'deploying'];
const TERMINAL = ['complete', 'complete_with_warnings', 'failed'];
/** How far a build is: pages when the provider counts them, else its phase; null = unknown. */
function progressOf(d) {
  if (!d) return null;
  const p = d.progress;
  if (p && p.total > 0) {
    const done = (p.complete || 0) + (p.errored || 0);
    return { value: done, max: p.total, label: (p.complete || 0) + '/' + p.total + ' pages' + (p.errored ? ', ' + p.errored + ' errored' : '') };
  }
  if (TERMINAL.includes(d.status)) return { value: 1, max: 1, label: '' };
  const i = PHASES.indexOf(d.phase);
  if (i >= 0) return { value: i + 1, max: PHASES.length + 1, label: '' };
  return null;
}
function progressBar(d) {
  const p = progressOf(d);
  const bar = h('progress', p ? { value: p.value, max: p.max } : {});
  bar.setAttribute('aria-label', 'progress');
  return [bar, p && p.label ? h('div', { class: 'meta pages' }, p.label) : null];
}

/** Every item of a paged list (data + next_cursor), up to max; more = the relay has others. */
async function listAll(path, max) {
  const sep = path.indexOf('?') >= 0 ? '&' : '?';
  let items = [];
  let cursor = null;
  do {
    const page = await api('GET', path + sep + 'limit=100' + (cursor ? '&cursor=' + enc(cursor) : ''));
    items = items.concat(listOf(page));
    cursor = page && page.next_cursor;
  } while (cursor && items.length < max);
  return { items: items.slice(0, max), more: Boolean(cursor) || items.length > max };
}
`;
