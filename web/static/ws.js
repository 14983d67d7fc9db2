// The live feed at GET /ws (see web/live/PROTOCOL.md): a snapshot, then vehicle,
// alert, result, vessel contact and detections messages numbered by seq. A gap
// in seq asks for a resync; a dropped socket reconnects with backoff. A vehicle_delta (the members of
// a vehicle state that changed) is applied here to the state held, so
// handlers always receive whole vehicle states.

const PING_EVERY = 5000; // ms: our own pings, so a silent station shows
const STALE_AFTER = 12000; // ms without any message: "stale"
const BACKOFF_MIN = 500;
const BACKOFF_MAX = 15000;

/**
 * connect opens the feed and keeps it open. handlers: snapshot(data),
 * vehicle(v), removed(id), alert(a), result(r), operation(op), plans(list),
 * vessel(contact), detections(d), target(t), targetRemoved(id),
 * incident(i), report(r), inspect(session), state(s) with s one of
 * "connecting", "live", "reconnecting", "stale".
 * Returns {state(), resync(), close()}.
 */
export function connect(handlers, url = defaultURL()) {
  let ws = null;
  let state = '';
  let lastSeq = 0;
  let lastMsg = 0;
  let awaitingSnapshot = true;
  let backoff = BACKOFF_MIN;
  let retryTimer = 0;
  let closed = false;
  let pingID = 0;
  const vehicles = new Map(); // id → the latest whole state

  const call = (name, arg) => {
    const h = handlers[name];
    if (!h) return;
    try {
      h(arg);
    } catch (err) {
      console.error(`skerry: ${name} handler`, err);
    }
  };
  const setState = (s) => {
    if (s === state) return;
    state = s;
    call('state', s);
  };
  const send = (msg) => {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };
  const resync = () => {
    awaitingSnapshot = true;
    send({ type: 'resync' });
  };

  /**
   * withStreamHealth returns cameras with each stream's health and recording
   * set from a delta's stream_health (by stream key; null removes), new
   * objects all the way down so views that compare by reference see it.
   */
  const withStreamHealth = (cameras, sh) =>
    (cameras || []).map((c) => ({
      ...c,
      streams: (c.streams || []).map((s) => {
        const h = sh[s.key];
        if (!h) return s;
        const n = { ...s };
        for (const m of ['health', 'recording']) {
          if (h[m] === null || h[m] === undefined) delete n[m];
          else n[m] = h[m];
        }
        return n;
      }),
    }));

  /** applyDelta merges a vehicle_delta into the state held: null removes a member. */
  const applyDelta = (d) => {
    const prev = vehicles.get(d.id);
    if (!prev) {
      if (!awaitingSnapshot) {
        console.warn(`skerry: change to unknown vehicle ${d.id}, asking for a resync`);
        resync();
      }
      return;
    }
    const v = { ...prev };
    for (const [k, val] of Object.entries(d)) {
      if (k === 'stream_health') continue;
      if (val === null) delete v[k];
      else v[k] = val;
    }
    if (d.stream_health && !d.cameras) v.cameras = withStreamHealth(v.cameras, d.stream_health);
    vehicles.set(v.id, v);
    call('vehicle', v);
  };

  const onMessage = (ev) => {
    let msg;
    try {
      msg = JSON.parse(ev.data);
    } catch {
      console.warn('skerry: bad message from station', ev.data);
      return;
    }
    lastMsg = Date.now();
    if (state === 'stale') setState('live');
    const gap = lastSeq !== 0 && msg.seq !== lastSeq + 1;
    lastSeq = msg.seq;
    if (msg.type === 'snapshot') {
      awaitingSnapshot = false;
      backoff = BACKOFF_MIN;
      vehicles.clear();
      for (const v of msg.data.vehicles || []) vehicles.set(v.id, v);
      call('snapshot', msg.data);
      setState('live');
      return;
    }
    if (gap && !awaitingSnapshot) {
      console.warn(`skerry: seq gap (got ${msg.seq}), asking for a resync`);
      resync();
    }
    switch (msg.type) {
      case 'vehicle':
        vehicles.set(msg.data.id, msg.data);
        call('vehicle', msg.data);
        break;
      case 'vehicle_delta': applyDelta(msg.data); break;
      case 'vehicle_removed':
        vehicles.delete(msg.data.id);
        call('removed', msg.data.id);
        break;
      case 'alert': call('alert', msg.data); break;
      case 'result': call('result', msg.data); break;
      case 'operation': call('operation', msg.data); break;
      case 'plans': call('plans', msg.data); break;
      case 'vessel': call('vessel', msg.data); break;
      case 'detections': call('detections', msg.data); break;
      case 'target': call('target', msg.data); break;
      case 'target_removed': call('targetRemoved', msg.data?.id); break;
      case 'incident': call('incident', msg.data); break;
      case 'report': call('report', msg.data); break;
      case 'inspect': call('inspect', msg.data); break;
      case 'error': console.warn('skerry: station says', msg.data.error); break;
      default: break; // pong, and types of later releases
    }
  };

  const open = () => {
    retryTimer = 0;
    if (closed) return;
    lastSeq = 0;
    awaitingSnapshot = true;
    ws = new WebSocket(url);
    ws.onopen = () => { lastMsg = Date.now(); };
    ws.onmessage = onMessage;
    ws.onclose = () => {
      ws = null;
      if (closed) return;
      setState('reconnecting');
      const wait = backoff * (0.75 + Math.random() / 2);
      backoff = Math.min(backoff * 2, BACKOFF_MAX);
      retryTimer = setTimeout(open, wait);
    };
    ws.onerror = () => {}; // onclose follows and retries
  };

  const watchdog = setInterval(() => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    send({ type: 'ping', id: String(++pingID) });
    if (state === 'live' && Date.now() - lastMsg > STALE_AFTER) setState('stale');
    if (Date.now() - lastMsg > 3 * STALE_AFTER) ws.close(); // give up, reconnect
  }, PING_EVERY);

  setState('connecting');
  open();
  return {
    state: () => state,
    resync,
    close() {
      closed = true;
      clearInterval(watchdog);
      clearTimeout(retryTimer);
      if (ws) ws.close(1000, 'console closed');
    },
  };
}

function defaultURL() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}
