// The units' page's link to the station: the unit's token (kept in
// localStorage, or given once as the URL fragment #token=… so that a unit
// can bookmark its page), the view polled with conditional requests, the
// snapshots fetched with the token, the acknowledgements.
//
// Why polling and not a stream: a unit at sea has a thin, lossy link that
// drops long-lived connections. An unchanged poll is one small request
// and a 304 with no body (a few hundred bytes on the wire with the
// headers); a changed one is the whole view, compact and gzipped. The
// station needs no per-unit state, and a poll after an outage just
// catches up. Every 5 s while the page is seen, every 30 s while hidden,
// backing off to a minute while the station cannot be reached, and at
// once when the device says it is online again.

const TOKEN_KEY = 'skerry.unit.token';
export const VISIBLE_EVERY = 5000;
export const HIDDEN_EVERY = 30000;
const MAX_BACKOFF = 60000;

/** readToken takes the token from the URL fragment (then removes it from the address bar) or localStorage. */
export function readToken(loc = window.location, store = window.localStorage) {
  const m = /(?:^#|&)token=([^&]+)/.exec(loc.hash || '');
  if (m) {
    let tok = '';
    try { tok = decodeURIComponent(m[1]).trim(); } catch { tok = ''; }
    if (tok) {
      saveToken(tok, store);
      history.replaceState(null, '', loc.pathname + loc.search);
      return tok;
    }
  }
  return store.getItem(TOKEN_KEY) || '';
}

/** saveToken keeps the token ('' forgets it). */
export function saveToken(tok, store = window.localStorage) {
  if (tok) store.setItem(TOKEN_KEY, tok);
  else store.removeItem(TOKEN_KEY);
}

/** authFailure is the text shown for a refused token. */
function authFailure(status, body) {
  const why = body?.error ? `: ${body.error}` : '';
  return status === 401 ? `The station refused this token${why}. Check it with the operations centre.` : `The station answered ${status}${why}.`;
}

async function errorBody(res) {
  try { return await res.json(); } catch { return null; }
}

/**
 * createClient polls the unit's view for token. onView(view) gets each new
 * view; onState({state, at, error}) the link's state: 'connecting',
 * 'live', 'offline' (retrying) or 'refused' (the token is wrong: polling
 * stops). It returns {stop(), refresh(), ack(reportId), snapshot(url)}.
 * fetchFn, timers ({setTimeout, clearTimeout}), doc and win default to the
 * browser's; tests give their own.
 */
export function createClient(token, {
  onView, onState, fetchFn = (...a) => fetch(...a), timers = globalThis, doc = globalThis.document, win = globalThis.window,
}) {
  let etag = '';
  let timer = 0;
  let stopped = false;
  let failures = 0;
  let inflight = null;
  const auth = { Authorization: `Bearer ${token}` };
  const snapshots = new Map(); // url -> Promise<object URL>

  const delay = () => {
    if (failures) return Math.min(MAX_BACKOFF, VISIBLE_EVERY * 2 ** failures);
    return doc.visibilityState === 'hidden' ? HIDDEN_EVERY : VISIBLE_EVERY;
  };
  const schedule = () => {
    timers.clearTimeout(timer);
    if (!stopped) timer = timers.setTimeout(poll, delay());
  };

  async function pollOnce() {
    const headers = { ...auth };
    if (etag) headers['If-None-Match'] = etag;
    let res;
    try {
      res = await fetchFn('/api/unitview', { headers, cache: 'no-store' });
    } catch (err) {
      failures++;
      onState({ state: 'offline', error: `No link to the station (${err.message}); retrying.` });
      return;
    }
    if (res.status === 401) {
      stopped = true;
      onState({ state: 'refused', error: authFailure(401, await errorBody(res)) });
      return;
    }
    if (res.status === 304) {
      failures = 0;
      onState({ state: 'live', at: new Date() });
      return;
    }
    if (!res.ok) {
      failures++;
      onState({ state: 'offline', error: authFailure(res.status, await errorBody(res)) + ' Retrying.' });
      return;
    }
    const view = await res.json();
    etag = res.headers.get('ETag') || '';
    failures = 0;
    onState({ state: 'live', at: new Date() });
    onView(view);
  }

  async function poll() {
    if (stopped) return;
    if (!inflight) inflight = pollOnce().finally(() => { inflight = null; });
    await inflight;
    schedule();
  }

  const onVisible = () => { if (doc.visibilityState === 'visible') poll(); };
  const onOnline = () => { failures = 0; poll(); };
  doc.addEventListener('visibilitychange', onVisible);
  win.addEventListener('online', onOnline);
  onState({ state: 'connecting' });
  poll();

  return {
    stop() {
      stopped = true;
      timers.clearTimeout(timer);
      doc.removeEventListener('visibilitychange', onVisible);
      win.removeEventListener('online', onOnline);
      for (const p of snapshots.values()) p.then((u) => u && URL.revokeObjectURL(u));
      snapshots.clear();
    },
    /** refresh polls now. */
    refresh: poll,
    /** ack acknowledges a report: resolves to {ok, error}. */
    async ack(reportId) {
      try {
        const res = await fetchFn(`/api/reports/${encodeURIComponent(reportId)}/ack`, { method: 'POST', headers: auth });
        if (res.ok) {
          poll();
          return { ok: true };
        }
        return { ok: false, error: authFailure(res.status, await errorBody(res)) };
      } catch (err) {
        return { ok: false, error: `Not sent: no link to the station (${err.message}). Try again.` };
      }
    },
    /** snapshot fetches an evidence image once per page: resolves to an object URL, or '' when it cannot be had. */
    snapshot(url) {
      if (!snapshots.has(url)) {
        const p = fetchFn(url, { headers: auth })
          .then(async (res) => (res.ok ? URL.createObjectURL(await res.blob()) : ''))
          .catch(() => '');
        p.then((u) => { if (!u) snapshots.delete(url); });
        snapshots.set(url, p);
      }
      return snapshots.get(url);
    },
  };
}
