// Cameras on a contact: "Point camera here" orders one drone's gimbal to
// look at the contact (`look_at` its position); "Follow with camera" keeps
// ordering it as the contact moves (at most once every FOLLOW_EVERY ms,
// only when it moved, one order in flight at a time) until the pilot
// stops (then `look_free`) or the contact is lost (gone from the station's
// picture or stale: `look_free` too). Orders go through commands.js.
import { sendOrder, summarize } from './commands.js';
import { stale } from './vessels.js';

export const FOLLOW_EVERY = 1000; // ms between follow orders

/**
 * createContactCamera works on contacts (vessels.js). report(ok, text)
 * shows an order's outcome (ok null: pending); onChange() is called when
 * following starts or stops. Returns {point(id, vehicle), follow(id,
 * vehicle), stop(why), following}.
 */
export function createContactCamera(contacts, report, onChange = () => {}) {
  let follow = null; // {id, vehicle, sentAt, lat, lon, busy, timer}

  async function order(vehicle, label, command) {
    report(null, `${vehicle}: ${label} sent…`);
    try {
      const answer = await sendOrder([vehicle], command, { label });
      const [ok, text] = summarize(label, answer);
      report(ok, text);
      return ok;
    } catch (err) {
      report(false, `${vehicle}: ${label} not sent: ${err.message}`);
      return false;
    }
  }

  const lookAt = (v) => ({ kind: 'look_at', lat: v.lat, lon: v.lon });

  /** step sends the followed contact's position when due; else schedules itself. */
  async function step() {
    const f = follow;
    if (!f || f.busy) return;
    const v = contacts.get(f.id);
    if (!v || stale(v)) {
      stop(`contact ${f.id} lost`);
      return;
    }
    if (v.lat === f.lat && v.lon === f.lon) return;
    const wait = f.sentAt + FOLLOW_EVERY - performance.now();
    if (wait > 0) {
      if (!f.timer) f.timer = setTimeout(() => { f.timer = 0; step(); }, wait);
      return;
    }
    f.busy = true;
    f.sentAt = performance.now();
    f.lat = v.lat;
    f.lon = v.lon;
    await order(f.vehicle, `Follow ${f.id}`, lookAt(v));
    f.busy = false;
    if (follow === f) step(); // it may have moved meanwhile
  }

  /** stop ends following; free: order look_free (not when another order replaces it). */
  function stop(why = '', free = true) {
    const f = follow;
    if (!f) return;
    follow = null;
    clearTimeout(f.timer);
    clearInterval(f.watch);
    onChange();
    if (free) order(f.vehicle, why ? `Free gimbal (${why})` : 'Free gimbal', { kind: 'look_free' });
  }

  contacts.subscribe((ids, all) => {
    if (follow && (all || ids.includes(follow.id))) step();
  });

  return {
    get following() { return follow ? { id: follow.id, vehicle: follow.vehicle } : null; },
    /** point orders vehicle's camera to look at contact id, once. */
    point(id, vehicle) {
      const v = contacts.get(id);
      if (!v || !vehicle) return;
      if (follow && follow.vehicle === vehicle) stop('', false); // this order replaces following
      order(vehicle, `Point camera at ${id}`, lookAt(v));
    },
    /** follow keeps vehicle's camera on contact id. */
    follow(id, vehicle) {
      if (!contacts.get(id) || !vehicle) return;
      if (follow) stop('', follow.vehicle !== vehicle);
      follow = { id, vehicle, sentAt: -Infinity, lat: NaN, lon: NaN, busy: false, timer: 0 };
      follow.watch = setInterval(step, FOLLOW_EVERY); // notices a contact that goes stale
      onChange();
      step();
    },
    stop,
  };
}
