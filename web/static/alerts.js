// The alerts list: active alerts, unacknowledged first, then critical
// first, newest first. Each has an Acknowledge button (POST
// /api/alerts/ack {"id", "by"}); the acknowledged alert comes back on the
// feed with acked, acked_by and acked_at and stays listed, dimmed, until it
// clears. Active unacknowledged critical alerts drive the audible alarm.
import { fmtTime, subscribe } from './units.js';

const RANK = { critical: 0, warning: 1, info: 2 };

function el(tag, props = {}, ...kids) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/**
 * createAlerts fills list; onSelect(vehicleID) when an alert's vehicle is
 * clicked. opts: alarm (alarm.js), pilot() (the name acknowledgements are
 * signed with), onChange() after every change.
 */
export function createAlerts(list, countEl, onSelect, opts = {}) {
  const alerts = new Map(); // id -> alert (active only)
  const items = new Map(); // id -> {li, a, parts}
  const pending = new Map(); // id -> "acknowledging…" or an error text
  let perVehicle = new Map(); // vehicle -> {count, critical}
  const none = el('li', { className: 'none', textContent: 'No active alerts.' });

  async function ack(a) {
    if (pending.get(a.id) === 'acknowledging…') return;
    pending.set(a.id, 'acknowledging…');
    render();
    try {
      const res = await fetch('/api/alerts/ack', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: a.id, by: opts.pilot ? opts.pilot() : 'pilot' }),
      });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new Error(body.error || `HTTP ${res.status}`);
      }
      const body = await res.json().catch(() => null);
      pending.delete(a.id);
      // the feed brings the acknowledged alert; take the answer's copy if it is one
      if (body && body.id === a.id && body.acked && alerts.has(a.id)) alerts.set(a.id, body);
    } catch (err) {
      pending.set(a.id, `not acknowledged: ${err.message}`);
    }
    render();
  }

  function newItem(a) {
    const vehicle = el('button', { type: 'button', className: 'alert-vehicle' });
    vehicle.addEventListener('click', () => onSelect(items.get(a.id).a.vehicle));
    const text = el('span', { className: 'alert-text' });
    const time = el('time');
    const who = el('span', { className: 'alert-ack-info' });
    const button = el('button', { type: 'button', className: 'alert-ack', textContent: 'Ack' });
    button.dataset.testid = `alert-ack-${a.id}`;
    button.addEventListener('click', () => ack(items.get(a.id).a));
    const li = el('li', {}, vehicle, text, time, who, button);
    li.dataset.testid = `alert-${a.id}`;
    return { li, a: null, key: '', parts: { vehicle, text, time, who, button } };
  }

  function fill(item, a) {
    const key = `${a.severity}|${a.message}|${a.raised}|${a.acked}|${a.acked_by}|${a.acked_at}|${pending.get(a.id) || ''}`;
    item.a = a;
    if (item.key === key) return;
    item.key = key;
    const { vehicle, text, time, who, button } = item.parts;
    item.li.className = `alert sev-${a.severity}${a.acked ? ' acked' : ''}`;
    vehicle.textContent = a.vehicle;
    vehicle.title = `Select ${a.vehicle}`;
    text.textContent = ` ${String(a.severity).toUpperCase()} ${a.message} `;
    time.dateTime = a.raised;
    time.textContent = fmtTime(a.raised);
    const p = pending.get(a.id);
    if (a.acked) {
      who.textContent = ` acknowledged by ${a.acked_by || '?'} ${a.acked_at ? fmtTime(a.acked_at) : ''}`;
    } else {
      who.textContent = p ? ` ${p}` : '';
    }
    who.classList.toggle('fail', !a.acked && !!p && p !== 'acknowledging…');
    button.hidden = !!a.acked;
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus
    button.setAttribute('aria-disabled', String(p === 'acknowledging…'));
    button.title = `Acknowledge: ${a.message}`;
    button.setAttribute('aria-label', `Acknowledge ${a.vehicle} ${a.severity}: ${a.message}`);
  }

  function render() {
    const active = [...alerts.values()].sort((a, b) =>
      (a.acked ? 1 : 0) - (b.acked ? 1 : 0)
      || (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3)
      || String(b.raised).localeCompare(String(a.raised)));
    const critical = active.filter((a) => a.severity === 'critical' && !a.acked);
    const unacked = active.filter((a) => !a.acked).length;
    countEl.textContent = active.length
      ? `${active.length}${critical.length ? ` (${critical.length} critical)` : ''}${unacked < active.length ? `, ${active.length - unacked} acked` : ''}`
      : '';
    countEl.className = critical.length ? 'count crit' : 'count';

    for (const [id, item] of items) {
      if (!alerts.has(id)) {
        item.li.remove();
        items.delete(id);
      }
    }
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    active.forEach((a, i) => {
      let item = items.get(a.id);
      if (!item) {
        item = newItem(a);
        items.set(a.id, item);
      }
      fill(item, a);
      if (list.children[i] !== item.li) list.insertBefore(item.li, list.children[i] || null);
    });
    if (active.length) none.remove();
    else list.replaceChildren(none);
    if (focused && (document.activeElement !== focused || focused.hidden)) {
      // keep the keyboard where it was; from an alert just acknowledged, on to the next one
      const next = focused.isConnected && !focused.hidden ? focused : list.querySelector('.alert-ack:not([hidden])');
      if (next) next.focus({ preventScroll: true });
    }

    perVehicle = new Map();
    for (const a of active) {
      const c = perVehicle.get(a.vehicle) || { count: 0, critical: 0 };
      c.count++;
      if (a.severity === 'critical' && !a.acked) c.critical++;
      perVehicle.set(a.vehicle, c);
    }
    if (opts.alarm) opts.alarm.set(critical.map((a) => a.id));
    if (opts.onChange) opts.onChange();
  }

  function put(a) {
    if (!a || !a.id) return;
    if (a.active) alerts.set(a.id, a);
    else alerts.delete(a.id); // only active ones are shown
    if (a.acked || !a.active) pending.delete(a.id);
  }

  subscribe(() => {
    for (const item of items.values()) item.key = '';
    render();
  });

  return {
    /** reset replaces every alert (a snapshot). */
    reset(all) {
      alerts.clear();
      pending.clear();
      // the snapshot lists cleared alerts too, maybe under an id raised again
      for (const a of all || []) if (a.active) put(a);
      render();
    },
    /** upsert applies one alert change. */
    upsert(a) {
      put(a);
      render();
    },
    /** forVehicle lists the active alerts of one vehicle. */
    forVehicle(id) {
      return [...alerts.values()].filter((a) => a.vehicle === id);
    },
    /** countFor gives {count, critical} of a vehicle's active alerts (critical: unacknowledged ones). */
    countFor(id) {
      return perVehicle.get(id) || { count: 0, critical: 0 };
    },
  };
}
