// Units: the pilot's display preferences (distance nm or m/km, speed kn or
// m/s, altitude m or ft, position degrees-minutes or decimal degrees),
// remembered in localStorage, and the formatters every panel uses. Panels
// call subscribe(fn) and re-render when a preference changes. Times are UTC
// ("14:03:07Z") with the local time beside them where there is room.

const KEY = 'skerry.units';

/** The choices of each preference, [value, label], the first the default. */
export const CHOICES = {
  distance: [['nm', 'nautical miles'], ['m', 'metres / km']],
  speed: [['kn', 'knots'], ['ms', 'm/s']],
  altitude: [['m', 'metres'], ['ft', 'feet']],
  position: [['dm', 'degrees minutes'], ['dd', 'decimal degrees']],
};

export const KNOTS_PER_MPS = 3600 / 1852;
export const FEET_PER_METRE = 1 / 0.3048;
const METRES_PER_NM = 1852;

const listeners = new Set();
let prefs = load();

function load() {
  const out = {};
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(KEY) || '{}') || {};
  } catch {
    saved = {}; // no storage (private mode) or a damaged value: defaults
  }
  for (const [k, opts] of Object.entries(CHOICES)) {
    out[k] = opts.some(([v]) => v === saved[k]) ? saved[k] : opts[0][0];
  }
  return out;
}

/** units returns a copy of the current preferences. */
export function units() {
  return { ...prefs };
}

/** setUnit changes one preference, saves it and tells the subscribers. */
export function setUnit(key, value) {
  if (!CHOICES[key]?.some(([v]) => v === value) || prefs[key] === value) return;
  prefs = { ...prefs, [key]: value };
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // not remembered, still applied
  }
  for (const fn of listeners) {
    try {
      fn(units());
    } catch (err) {
      console.error('skerry: units subscriber', err);
    }
  }
}

/** subscribe calls fn(prefs) after every change; it returns an unsubscribe. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function finite(x) {
  return typeof x === 'number' && Number.isFinite(x);
}

/** m/s to knots. */
export function knots(mps) {
  return mps * KNOTS_PER_MPS;
}

/** A speed in the pilot's unit: "12.3 kn" or "6.3 m/s"; "—" when unknown. */
export function fmtSpeed(mps) {
  if (!finite(mps)) return '—';
  return prefs.speed === 'ms' ? `${mps.toFixed(1)} m/s` : `${knots(mps).toFixed(1)} kn`;
}

/** A vertical speed: m/s, or ft/min when altitudes are in feet. */
export function fmtClimb(mps) {
  if (!finite(mps)) return '—';
  const v = Math.abs(mps) < 0.05 ? 0 : mps; // no "-0.0"
  if (prefs.altitude === 'ft') return `${Math.round(v * FEET_PER_METRE * 60) || 0} ft/min`;
  return `${v > 0 ? '+' : ''}${v.toFixed(1)} m/s`;
}

/** An altitude or height in the pilot's unit: "30 m", "4.2 m", "98 ft". */
export function fmtAlt(m) {
  if (!finite(m)) return '—';
  return prefs.altitude === 'ft' ? `${Math.round(m * FEET_PER_METRE)} ft` : fmtMetres(m);
}

/** A distance in the pilot's unit: "0.42 nm", "12.5 nm", "780 m", "3.25 km". */
export function fmtDistance(m) {
  if (!finite(m)) return '—';
  if (prefs.distance === 'nm') {
    const nm = m / METRES_PER_NM;
    return `${nm < 10 ? nm.toFixed(2) : nm.toFixed(1)} nm`;
  }
  if (Math.abs(m) < 1000) return `${Math.round(m)} m`;
  return `${(m / 1000).toFixed(m < 10000 ? 2 : 1)} km`;
}

/** A position in the pilot's format: degrees-minutes or signed decimal degrees. */
export function fmtPos(lat, lon) {
  if (!finite(lat) || !finite(lon)) return '—';
  if (prefs.position === 'dd') return `${lat.toFixed(6)}, ${lon.toFixed(6)}`;
  return `${dm(lat, 'NS')} ${dm(lon, 'EW')}`;
}

/** Same as fmtPos (kept for older callers). */
export function fmtLatLon(lat, lon) {
  return fmtPos(lat, lon);
}

/** Always knots: "12.3 kn" from m/s; "—" when unknown. */
export function fmtKnots(mps) {
  return finite(mps) ? `${knots(mps).toFixed(1)} kn` : '—';
}

/** Always metres: "30 m", "4.2 m" under 10 m; "—" when unknown. */
export function fmtMetres(m) {
  if (!finite(m)) return '—';
  return Math.abs(m) < 10 ? `${m.toFixed(1)} m` : `${Math.round(m)} m`;
}

/** "87%" or "—" (the autopilot reports -1 when it does not know). */
export function fmtPercent(p) {
  return finite(p) && p >= 0 ? `${Math.round(p)}%` : '—';
}

/** Degrees-minutes: dm(36.13, 'NS') is "36°07.800′N". */
export function dm(deg, hemis) {
  if (!finite(deg)) return '—';
  const h = deg < 0 ? hemis[1] : hemis[0];
  const a = Math.abs(deg);
  let d = Math.floor(a);
  let m = (a - d) * 60;
  if (m >= 59.9995) { d += 1; m = 0; }
  const width = hemis === 'EW' ? 3 : 2;
  return `${String(d).padStart(width, '0')}°${m.toFixed(3).padStart(6, '0')}′${h}`;
}

function toDate(t) {
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971 ? null : d;
}

const pad = (n) => String(n).padStart(2, '0');

/** "14:03:07Z" from a Date, an RFC 3339 string or milliseconds; "—" for none. */
export function fmtUTC(t) {
  const d = toDate(t);
  return d ? `${d.toISOString().slice(11, 19)}Z` : '—';
}

/** The local wall-clock time "16:03:07"; "—" for none. */
export function fmtLocal(t) {
  const d = toDate(t);
  return d ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` : '—';
}

/** "14:03:07Z (16:03:07 local)"; only the UTC time when local time is UTC. */
export function fmtTime(t) {
  const d = toDate(t);
  if (!d) return '—';
  return d.getTimezoneOffset() === 0 ? fmtUTC(d) : `${fmtUTC(d)} (${fmtLocal(d)} local)`;
}

/** The local zone's offset, "UTC+02:00". */
export function fmtZone(t = new Date()) {
  const off = -t.getTimezoneOffset();
  const a = Math.abs(off);
  return `UTC${off < 0 ? '−' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Heading in whole degrees, "005°". */
export function fmtHeading(deg) {
  if (!finite(deg)) return '—';
  const d = ((Math.round(deg) % 360) + 360) % 360;
  return `${String(d).padStart(3, '0')}°`;
}
