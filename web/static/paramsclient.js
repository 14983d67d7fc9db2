// The station's parameter API as the parameters panel uses it
// (web/params_api.go). Every call resolves to {ok, status, data, error}
// like planclient.js; refresh() reads the streamed progress of a read of
// every parameter (NDJSON lines) and tells onProgress each line.

const base = (id) => `/api/vehicles/${encodeURIComponent(id)}/params`;

async function call(method, url, body, type = 'application/json') {
  let res;
  try {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.body = typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
      if (type) init.headers['Content-Type'] = type;
    }
    res = await fetch(url, init);
  } catch (err) {
    return { ok: false, status: 0, data: null, error: `station unreachable: ${err.message}` };
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  const error = res.ok ? '' : (data?.error || text.trim() || `${res.status} ${res.statusText}`);
  return { ok: res.ok, status: res.status, data, error };
}

/** GET .../params: the table as last read and the read's state. */
export const table = (id) => call('GET', base(id));

/** GET .../params/{name}: one parameter read from the vehicle, with its limits. */
export const getParam = (id, name) => call('GET', `${base(id)}/${encodeURIComponent(name)}`);

/** PUT .../params/{name}: 200 kept value, 428 confirm_required, 422 out of range, 409 kept another. */
export const setParam = (id, name, value, confirm = '') => call('PUT', `${base(id)}/${encodeURIComponent(name)}`, { value, confirm });

/** POST .../params/compare with a file's text. */
export const compareFile = (id, text) => call('POST', `${base(id)}/compare`, text, 'text/plain');

/** POST .../params/load: a dry run, or applied (with the confirmation asked for). */
export const loadFile = (id, text, apply = false, confirm = '') => {
  const q = apply ? `?apply=1&confirm=${encodeURIComponent(confirm)}` : '';
  return call('POST', `${base(id)}/load${q}`, text, 'text/plain');
};

/** The download address of the whole table as a file (mp or qgc). */
export const fileURL = (id, format) => `${base(id).replace(/\/params$/, '/params.file')}?format=${format}`;

/**
 * refresh reads every parameter of id: onProgress({received, total}) for
 * each streamed line; resolves {ok, error, received, total}.
 */
export async function refresh(id, onProgress) {
  let res;
  try {
    res = await fetch(`${base(id)}/refresh`, { method: 'POST' });
  } catch (err) {
    return { ok: false, error: `station unreachable: ${err.message}` };
  }
  if (!res.ok || !res.body) {
    const data = await res.json().catch(() => ({}));
    return { ok: false, error: data.error || `${res.status} ${res.statusText}` };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let last = { ok: false, error: 'the station stopped answering during the read' };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      let p;
      try { p = JSON.parse(line); } catch { continue; }
      onProgress(p);
      if (p.done) last = { ok: !!p.ok, error: p.error || '', received: p.received, total: p.total };
    }
  }
  return last;
}
