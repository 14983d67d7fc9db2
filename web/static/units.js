// Formatting helpers: metres, knots, UTC, degrees-minutes.

export const KNOTS_PER_MPS = 3600 / 1852;

/** m/s to knots. */
export function knots(mps) {
  return mps * KNOTS_PER_MPS;
}

function finite(x) {
  return typeof x === 'number' && Number.isFinite(x);
}

/** "12.3 kn" from m/s; "—" when unknown. */
export function fmtKnots(mps) {
  return finite(mps) ? `${knots(mps).toFixed(1)} kn` : '—';
}

/** "30 m", "4.2 m" under 10 m; "—" when unknown. */
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

/** "36°07.800′N 005°25.800′W". */
export function fmtLatLon(lat, lon) {
  return `${dm(lat, 'NS')} ${dm(lon, 'EW')}`;
}

/** "14:03:07Z" from a Date, an RFC 3339 string or milliseconds. */
export function fmtUTC(t) {
  const d = t instanceof Date ? t : new Date(t);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) return '—';
  return `${d.toISOString().slice(11, 19)}Z`;
}

/** Heading in whole degrees, "005°". */
export function fmtHeading(deg) {
  if (!finite(deg)) return '—';
  const d = ((Math.round(deg) % 360) + 360) % 360;
  return `${String(d).padStart(3, '0')}°`;
}
