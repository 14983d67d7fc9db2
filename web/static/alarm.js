// The audible alarm: while an active critical alert is unacknowledged the
// console beeps (WebAudio oscillator, two tones every second) until it is
// acknowledged. The header badge shows the state and is its switch:
//   off       nothing to sound (click: enable sound ahead of time)
//   sounding  beeping (click: mute)
//   muted     silenced by the pilot (click: unmute); a NEW critical alert
//             sounds again
//   blocked   the browser refuses audio before a user gesture: "Sound
//             blocked, click to enable"; any click or key on the page
//             enables it too.

const PERIOD = 1000; // ms between beep pairs

/** createAlarm drives the badge button; set(ids) gives the unacknowledged critical alerts. */
export function createAlarm(badge) {
  let ctx = null;
  let state = '';
  let ids = [];
  let muted = null; // Set of alert ids muted, or null
  let timer = 0;
  let tried = false; // resume() without a gesture tried once (browsers warn each time)

  const running = () => ctx !== null && ctx.state === 'running';

  function audio() {
    if (ctx) return ctx;
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return null;
    try {
      ctx = new AC();
      ctx.onstatechange = update;
    } catch {
      ctx = null;
    }
    return ctx;
  }

  // unlock resumes audio inside a user gesture, where browsers allow it.
  function unlock() {
    const c = audio();
    if (c && c.state !== 'running') c.resume().then(update, () => {});
    update();
  }

  function beep() {
    if (!running()) return;
    const t = ctx.currentTime;
    for (const [at, freq] of [[0, 880], [0.22, 660]]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + at);
      gain.gain.exponentialRampToValueAtTime(0.25, t + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + at + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t + at);
      osc.stop(t + at + 0.2);
    }
  }

  function setState(s) {
    const n = ids.length;
    const what = `${n} critical alert${n === 1 ? '' : 's'} unacknowledged`;
    const text = {
      off: running() ? 'Alarm: quiet' : 'Alarm quiet · click to enable sound',
      sounding: `ALARM · ${n} · click to mute`,
      muted: `Alarm muted · ${n}`,
      blocked: 'Sound blocked, click to enable',
    }[s];
    if (badge.textContent !== text) badge.textContent = text;
    badge.title = {
      off: 'No unacknowledged critical alert. The alarm beeps while there is one.',
      sounding: `${what}: acknowledge them to stop the alarm, or click to mute it`,
      muted: `${what}; muted until a new one is raised. Click to unmute.`,
      blocked: `${what}, but the browser blocks sound until you click or press a key on the page`,
    }[s];
    if (s === state) return;
    state = s;
    badge.dataset.state = s;
    badge.className = `badge alarm alarm-${s}`;
    badge.setAttribute('aria-pressed', String(s === 'muted'));
    clearInterval(timer);
    timer = 0;
    if (s === 'sounding') {
      beep();
      timer = setInterval(beep, PERIOD);
    }
  }

  function update() {
    if (!ids.length) {
      setState('off');
      return;
    }
    if (muted && ids.every((id) => muted.has(id))) {
      setState('muted');
      return;
    }
    muted = null; // a new critical alert overrides the mute
    if (!running() && !tried) {
      // try once anyway: a kiosk's autoplay policy may allow it
      tried = true;
      const c = audio();
      if (c && c.state === 'suspended') c.resume().then(update, () => {});
    }
    setState(running() ? 'sounding' : 'blocked');
  }

  // A press anywhere enables sound; the badge acts on the state it showed
  // when the press began (enabling sound may have made it "sounding" since).
  let pressed = null;
  let pressedAt = 0;
  for (const type of ['pointerdown', 'keydown']) {
    document.addEventListener(type, () => {
      pressed = state;
      pressedAt = performance.now();
      if (!running()) unlock();
    }, { capture: true, passive: true });
  }
  badge.addEventListener('click', () => {
    const was = pressed !== null && performance.now() - pressedAt < 2000 ? pressed : state;
    pressed = null;
    if (was === 'sounding') {
      muted = new Set(ids);
      update();
      return;
    }
    if (was === 'muted') muted = null;
    unlock();
  });
  badge.dataset.testid = 'alarm';
  badge.type = 'button';
  setState('off');

  return {
    /** set takes the ids of the active, unacknowledged critical alerts. */
    set(next) {
      ids = [...next];
      if (!ids.length) muted = null;
      update();
    },
    state: () => state,
  };
}
