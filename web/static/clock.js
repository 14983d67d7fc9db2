// The header clock: UTC, the time of the operation, with the pilot's local
// time and zone beside it. Ticks once a second.
import { fmtUTC, fmtLocal, fmtZone } from './units.js';

/** startClock fills el and keeps it current; it returns a stop function. */
export function startClock(el) {
  const utc = document.createElement('span');
  utc.className = 'utc';
  utc.dataset.testid = 'clock-utc';
  const local = document.createElement('span');
  local.className = 'local';
  local.dataset.testid = 'clock-local';
  el.replaceChildren(utc, local);
  el.title = 'UTC, and local time';
  const tick = () => {
    const now = new Date();
    utc.textContent = fmtUTC(now);
    local.textContent = `${fmtLocal(now)} local ${fmtZone(now)}`;
  };
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}
