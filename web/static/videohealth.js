// Words for a stream's health: the station's view (the vehicle state's
// cameras[].streams[].health) and this browser's (the player's info), in
// one line for the pilot, and the errors in words.

const CODEC_NAMES = { h264: 'H.264', h265: 'H.265', mjpeg: 'MJPEG' };

/** codecName is a codec as people write it. */
export const codecName = (c) => CODEC_NAMES[c] || (c ? c.toUpperCase() : '');

/** fmtBitrate formats bits per second. */
export function fmtBitrate(bps) {
  if (!(bps > 0)) return '0 kbit/s';
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(bps >= 1e7 ? 0 : 1)} Mbit/s`;
  return `${Math.round(bps / 1e3)} kbit/s`;
}

/** fmtBytes formats a size in bytes. */
export function fmtBytes(n) {
  if (!(n > 0)) return '0 B';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} kB`;
  return `${n} B`;
}

/** streamsOf lists a vehicle's streams: [{key, label, stream, camera}]. */
export function streamsOf(v) {
  const out = [];
  for (const c of v?.cameras || []) {
    for (const s of c.streams || []) {
      if (!s || !s.key) continue;
      const cam = [c.vendor, c.model].filter(Boolean).join(' ') || (c.component ? `camera ${c.component}` : 'camera');
      out.push({ key: s.key, label: `${cam}: ${s.name || s.key}${s.codec ? ` (${codecName(s.codec)})` : ''}`, stream: s, camera: c });
    }
  }
  return out;
}

const VIEW_STATES = { connecting: 'connecting', waiting: 'waiting for a key frame', reconnecting: 'reconnecting', ended: 'stream ended', unsupported: 'cannot decode', refused: 'refused' };

/**
 * healthLine gives {text, level, state} for a stream's health h (may be
 * undefined) and the player's info: state, fps, bitrate, resolution,
 * codec, delay behind capture. level: '', 'warn' or 'crit'.
 */
export function healthLine(h, info) {
  const parts = [];
  const state = h?.state || (info.state === 'playing' ? 'playing' : 'not watched by the station');
  const view = VIEW_STATES[info.state];
  parts.push(view && state !== view ? `${state} (here: ${view})` : state);
  const fps = h ? `${Math.round(h.fps || 0)} fps` : '';
  parts.push(fps ? `${fps}${info.state === 'playing' ? `, ${info.fps} drawn` : ''}` : `${info.fps} fps drawn`);
  if (h) parts.push(fmtBitrate(h.bitrate));
  const w = info.width || h?.width || 0;
  const ht = info.height || h?.height || 0;
  parts.push(w && ht ? `${w}×${ht}` : 'size unknown');
  const codec = codecName(info.codec || h?.codec || '');
  if (codec) parts.push(codec);
  parts.push(info.delay === null || info.delay === undefined ? 'delay ?' : `delay ${Math.round(info.delay)} ms`);
  let level = '';
  if (['stalled', 'retrying', 'stopped'].includes(h?.state) || info.state === 'unsupported') level = 'crit';
  else if (h?.state === 'connecting' || info.state === 'reconnecting' || info.state === 'refused' || info.state === 'waiting' || info.delay > 1000) level = 'warn';
  return { text: parts.join(' · '), level, state };
}

/** fmtClockOffset formats a camera clock's offset (seconds) without its sign: "3 h 12 min", "56 years". */
export function fmtClockOffset(sec) {
  const s = Math.abs(sec);
  if (s >= 2 * 365.25 * 86400) return `${Math.floor(s / (365.25 * 86400))} years`;
  if (s >= 2 * 86400) return `${Math.floor(s / 86400)} days`;
  if (s >= 3600) {
    const m = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
  }
  if (s >= 60) return `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`;
  return `${s.toFixed(1)} s`;
}

/** problems lists what is wrong, in words (the station's, then this view's). */
export function problems(h, info) {
  const out = [];
  if (h?.error) out.push(`Station: ${h.error}`);
  if (h?.decoder && /need|cannot|no /i.test(h.decoder)) out.push(`Station decoder: ${h.decoder}`);
  if (h?.camera_clock_offset) {
    const dir = h.camera_clock_offset > 0 ? 'ahead of' : 'behind';
    out.push(`Camera clock ${fmtClockOffset(h.camera_clock_offset)} ${dir} the station's (not set, or stepping): not trusted, frame times from packet arrival, vessels placed less exactly`);
  }
  if (info.error) out.push(info.error);
  const lost = info.station?.dropped || 0;
  if (lost) out.push(`${lost} frame${lost === 1 ? '' : 's'} skipped for this view so far (slow connection or browser)`);
  return out;
}
