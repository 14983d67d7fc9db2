// The alerts list: active alerts, critical first, newest first.
import { fmtUTC } from './units.js';

const RANK = { critical: 0, warning: 1, info: 2 };

/** createAlerts fills list; onSelect(vehicleID) when an alert is clicked. */
export function createAlerts(list, countEl, onSelect) {
  const alerts = new Map(); // id -> alert

  function render() {
    const active = [...alerts.values()].filter((a) => a.active).sort((a, b) =>
      (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3) || String(b.raised).localeCompare(String(a.raised)));
    const critical = active.filter((a) => a.severity === 'critical').length;
    countEl.textContent = active.length ? `${active.length}${critical ? ` (${critical} critical)` : ''}` : '';
    countEl.className = critical ? 'count crit' : 'count';
    if (!active.length) {
      const li = document.createElement('li');
      li.className = 'none';
      li.textContent = 'No active alerts.';
      list.replaceChildren(li);
      return;
    }
    list.replaceChildren(...active.map((a) => {
      const li = document.createElement('li');
      li.className = `alert sev-${a.severity}`;
      li.dataset.testid = `alert-${a.id}`;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'alert-vehicle';
      b.textContent = a.vehicle;
      b.title = `Select ${a.vehicle}`;
      b.addEventListener('click', () => onSelect(a.vehicle));
      const text = document.createElement('span');
      text.textContent = ` ${a.severity.toUpperCase()} ${a.message} `;
      const time = document.createElement('time');
      time.dateTime = a.raised;
      time.textContent = fmtUTC(a.raised);
      li.append(b, text, time);
      return li;
    }));
  }

  return {
    /** reset replaces every alert (a snapshot). */
    reset(list) {
      alerts.clear();
      for (const a of list || []) if (a.active) alerts.set(a.id, a);
      render();
    },
    /** upsert applies one alert change. */
    upsert(a) {
      if (a.active) alerts.set(a.id, a);
      else alerts.delete(a.id); // only active ones are shown
      render();
    },
    /** forVehicle lists the active alerts of one vehicle. */
    forVehicle(id) {
      return [...alerts.values()].filter((a) => a.active && a.vehicle === id);
    },
  };
}
