// The station's planning API as the panel uses it: plan, check, upload,
// zones, and the saved plans (/api/plans). Every call resolves to
// {ok, status, data, error}: data is the parsed JSON (or null), error a
// plain message when not ok. Nothing throws on HTTP or network errors.

async function call(method, url, body, type = 'application/json') {
  let res;
  try {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.body = typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer ? body : JSON.stringify(body);
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

/** True when a saved-plans call failed because this station has no such API. */
export const missingAPI = (r) => r.status === 404 || r.status === 405 || r.status === 501;

/** POST /api/plan/{kind}: {plan, issues, check, coverage}. */
export const makePlan = (kind, req) => call('POST', `/api/plan/${encodeURIComponent(kind)}`, req);

/** POST /api/check of a GeoJSON plan object, for vehicle id (its home and wind) when given. */
export const checkPlan = (plan, id) => call('POST', `/api/check?format=geojson${id ? `&vehicle=${encodeURIComponent(id)}` : ''}`, JSON.stringify(plan), 'application/geo+json');

/** PUT /api/vehicles/{id}/plan of a GeoJSON plan object. */
export const uploadPlan = (id, plan) => call('PUT', `/api/vehicles/${encodeURIComponent(id)}/plan?format=geojson`, JSON.stringify(plan), 'application/geo+json');

/** POST /api/vehicles/{id}/plan/preview: what that upload would do, writing nothing. */
export const previewPlan = (id, plan) => call('POST', `/api/vehicles/${encodeURIComponent(id)}/plan/preview?format=geojson`, JSON.stringify(plan), 'application/geo+json');


/** PUT /api/operation/zones with a zone file. */
export const importZones = (file) => call('PUT', '/api/operation/zones', file, '');

/** The saved plans (GET/POST/PUT/DELETE /api/plans...). */
export const plans = {
  list: () => call('GET', '/api/plans'),
  get: (id) => call('GET', `/api/plans/${encodeURIComponent(id)}`),
  create: (rec) => call('POST', '/api/plans', rec),
  update: (id, rec) => call('PUT', `/api/plans/${encodeURIComponent(id)}`, rec),
  remove: (id) => call('DELETE', `/api/plans/${encodeURIComponent(id)}`),
  importFile: (file, name, format) => call('POST', `/api/plans/import?name=${encodeURIComponent(name)}&format=${encodeURIComponent(format)}`, file, ''),
  upload: (id, targets) => call('POST', `/api/plans/${encodeURIComponent(id)}/upload`, { targets }),
  fileURL: (id, format) => `/api/plans/${encodeURIComponent(id)}/file?format=${encodeURIComponent(format)}`,
};

/** The plan format of a file name: plan, waypoints, geojson or kml ('' unknown). */
export function formatOf(name) {
  const ext = String(name).toLowerCase().split('.').pop();
  return { plan: 'plan', waypoints: 'waypoints', txt: 'waypoints', geojson: 'geojson', json: 'geojson', kml: 'kml' }[ext] || '';
}
