// Live video of one camera stream: the station's video websocket
// (GET /api/vehicles/{id}/streams/{key}/live, see web/stream/PROTOCOL.md)
// drawn on a canvas as frames come, never buffered. H.264 access units go
// to WebCodecs' VideoDecoder (Annex B: no description; the codec string from
// the SPS; optimizeForLatency), from a key frame, and each decoded frame is
// drawn at once; after a lost frame or a decoder error the player waits for
// the next key frame. JPEG frames (MJPEG) are drawn with createImageBitmap,
// the newest only. H.265 cannot be decoded in this browser: the player says so.

const HEADER_MIN = 24;
const CODECS = { 1: 'h264', 2: 'h265', 3: 'mjpeg' };
const DECODE_BACKLOG = 6; // frames queued in the decoder beyond which it is behind: skip to a key frame
const INFO_EVERY = 250; // ms between info reports
const BACKOFF_MIN = 1000;
const BACKOFF_MAX = 15000;

/** parseFrame reads a binary message: header fields and the payload (a view), or null. */
export function parseFrame(buf) {
  if (!(buf instanceof ArrayBuffer) || buf.byteLength < 4) return null;
  const dv = new DataView(buf);
  const hlen = dv.getUint8(3);
  if (dv.getUint8(0) !== 1 || hlen < HEADER_MIN || buf.byteLength < hlen) return null;
  const flags = dv.getUint8(2);
  return {
    codec: CODECS[dv.getUint8(1)] || `codec ${dv.getUint8(1)}`,
    key: (flags & 1) !== 0,
    resync: (flags & 2) !== 0,
    seq: Number(dv.getBigUint64(4)),
    captured: Number(dv.getBigInt64(12)), // Unix µs, 0 unknown
    width: dv.getUint16(20),
    height: dv.getUint16(22),
    data: new Uint8Array(buf, hlen),
  };
}

const hex2 = (n) => n.toString(16).toUpperCase().padStart(2, '0');

/**
 * h264Codec returns the WebCodecs codec string of an Annex B access unit's
 * SPS ("avc1.42E01E": profile_idc, constraint flags, level_idc), or '' when
 * it holds none.
 */
export function h264Codec(au) {
  for (let i = 0; i + 6 < au.length; i++) {
    if (au[i] === 0 && au[i + 1] === 0 && au[i + 2] === 1) {
      if ((au[i + 3] & 0x1f) === 7) return `avc1.${hex2(au[i + 4])}${hex2(au[i + 5])}${hex2(au[i + 6])}`;
      i += 2;
    }
  }
  return '';
}

/** liveURL is the websocket URL of a stream. */
export function liveURL(id, key) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/vehicles/${encodeURIComponent(id)}/streams/${encodeURIComponent(key)}/live`;
}

/**
 * createPlayer draws a stream on canvas. onInfo(info) is called a few times
 * a second with {state, codec, width, height, fps (drawn per second),
 * delay (ms behind capture of the newest drawn frame, null unknown; on the
 * station's clock: skew is its estimated lead over this browser's), frames
 * (drawn in all), lost (frames never drawn: lost before this view, seq
 * gaps, or skipped here), station (the last status message),
 * error (in words, '' none)}. state: idle, connecting, waiting (for a key
 * frame), playing, unsupported, refused (no such stream, no video: the
 * station's words in error), reconnecting, ended.
 * Returns {play(id, key), stop(), info}.
 */
export function createPlayer(canvas, onInfo = () => {}) {
  const ctx = canvas.getContext('2d');
  let ws = null;
  let target = null; // {id, key}
  let decoder = null;
  let codecString = '';
  let waitKey = true;
  let lastSeq = 0;
  let clockKnown = false;
  let skews = []; // station clock − browser clock samples (ms)
  let drawTimes = [];
  let jpegBusy = false;
  let jpegNext = null;
  let backoff = BACKOFF_MIN;
  let retry = 0;
  let opened = false;
  let refusal = null; // the station's {"type":"error"} before it closes 4000+
  const info = { state: 'idle', codec: '', width: 0, height: 0, fps: 0, delay: null, skew: 0, frames: 0, lost: 0, station: null, error: '' };

  const report = () => {
    const now = performance.now();
    drawTimes = drawTimes.filter((t) => now - t < 1000);
    info.fps = drawTimes.length;
    canvas.dataset.frames = String(info.frames);
    canvas.dataset.lost = String(info.lost);
    canvas.dataset.state = info.state;
    try {
      onInfo(info);
    } catch (err) {
      console.error('skerry: video info', err);
    }
  };
  const ticker = setInterval(() => { if (target) report(); }, INFO_EVERY);

  // skew estimates how far the station's clock (capture times) is ahead of
  // this browser's: each status message gives station time − arrival time,
  // which is the skew less the message's transit; the largest of the last
  // ten is the best. Between −500 ms and 0 the transit cannot be told from
  // a skew (a loaded machine takes tens of ms to hand over a message): the
  // clocks are taken as one, as on the station's own machine.
  const skew = () => {
    if (!skews.length) return 0;
    const m = Math.max(...skews);
    return m > 0 || m < -500 ? m : 0;
  };

  function drawn(source, w, h, capturedUs) {
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    ctx.drawImage(source, 0, 0, w, h);
    info.frames++;
    info.width = w;
    info.height = h;
    drawTimes.push(performance.now());
    info.skew = skew();
    info.delay = capturedUs > 0 ? Math.max(0, Date.now() + info.skew - capturedUs / 1000) : null;
    if (info.state === 'waiting' || info.state === 'connecting') info.state = 'playing';
  }

  function fail(text) {
    info.error = text;
    waitKey = true;
  }

  function configure(cs) {
    if (!('VideoDecoder' in window)) {
      info.state = 'unsupported';
      info.error = 'This browser has no WebCodecs VideoDecoder: H.264 video cannot be shown here.';
      return;
    }
    if (decoder && decoder.state !== 'closed') decoder.close();
    const d = new VideoDecoder({
      output(frame) {
        if (d !== decoder) {
          frame.close();
          return;
        }
        drawn(frame, frame.displayWidth, frame.displayHeight, clockKnown ? frame.timestamp : 0);
        frame.close();
        info.error = '';
      },
      error(err) {
        if (d !== decoder) return;
        decoder = null; // closed by the error: configured again at the next key frame
        fail(`decoder error: ${err.message}; waiting for the next key frame`);
      },
    });
    decoder = d;
    codecString = cs;
    try {
      d.configure({ codec: cs, optimizeForLatency: true, hardwareAcceleration: 'no-preference' });
    } catch (err) {
      decoder = null;
      fail(`cannot decode ${cs}: ${err.message}`);
    }
  }

  function h264(f) {
    if (lastSeq && f.seq !== lastSeq + 1) waitKey = true;
    lastSeq = f.seq;
    if (waitKey && !f.key) {
      info.lost++;
      if (info.state === 'playing') info.state = 'waiting';
      return;
    }
    if (f.key) {
      const cs = h264Codec(f.data) || codecString || 'avc1.42E01E';
      if (!decoder || decoder.state === 'closed' || cs !== codecString) configure(cs);
    }
    if (!decoder) {
      info.lost++;
      return;
    }
    if (!f.key && decoder.decodeQueueSize > DECODE_BACKLOG) {
      info.lost++;
      waitKey = true; // the decoder is behind: skip, do not buffer
      return;
    }
    waitKey = false;
    clockKnown = f.captured > 0;
    try {
      decoder.decode(new EncodedVideoChunk({ type: f.key ? 'key' : 'delta', timestamp: clockKnown ? f.captured : f.seq, data: f.data }));
    } catch (err) {
      fail(`cannot decode: ${err.message}`);
    }
  }

  function jpeg(f) {
    lastSeq = f.seq;
    if (jpegBusy) {
      if (jpegNext) info.lost++;
      jpegNext = f; // only the newest waits
      return;
    }
    jpegBusy = true;
    const mine = ws;
    createImageBitmap(new Blob([f.data], { type: 'image/jpeg' }))
      .then((bmp) => {
        if (mine === ws) drawn(bmp, bmp.width, bmp.height, f.captured);
        bmp.close();
        info.error = '';
      })
      .catch((err) => { info.error = `bad JPEG frame: ${err.message || err}`; })
      .finally(() => {
        jpegBusy = false;
        const next = jpegNext;
        jpegNext = null;
        if (next && mine === ws) jpeg(next);
      });
  }

  function frame(f) {
    info.codec = f.codec;
    if (lastSeq && f.seq > lastSeq + 1) info.lost += f.seq - lastSeq - 1; // never reached this view
    if (f.codec === 'h264') return h264(f);
    if (f.codec === 'mjpeg') return jpeg(f);
    info.state = 'unsupported';
    info.error = f.codec === 'h265'
      ? 'H.265 video cannot be decoded in this browser (Chromium here has no H.265 decoder). Use an H.264 or MJPEG stream of this camera, or the snapshot.'
      : `The station sent ${f.codec}, which this console cannot show.`;
    giveUp();
    return undefined;
  }

  function message(ev) {
    if (typeof ev.data === 'string') {
      try {
        const s = JSON.parse(ev.data);
        if (s.type === 'error') refusal = s; // the close that follows says 4000 + s.status
        if (s.type === 'status') {
          info.station = s;
          if (s.time) {
            skews.push(s.time / 1000 - Date.now());
            if (skews.length > 10) skews.shift();
          }
        }
      } catch {
        console.warn('skerry: bad video status', ev.data);
      }
      return;
    }
    const f = parseFrame(ev.data);
    if (!f) {
      info.lost++;
      return;
    }
    frame(f);
  }

  function open() {
    retry = 0;
    if (!target) return;
    const mine = new WebSocket(liveURL(target.id, target.key));
    mine.binaryType = 'arraybuffer';
    ws = mine;
    opened = false;
    refusal = null;
    info.state = 'connecting';
    mine.onopen = () => {
      opened = true;
      backoff = BACKOFF_MIN;
      info.state = 'waiting';
      info.error = '';
    };
    mine.onmessage = (ev) => {
      if (mine !== ws) return;
      try {
        message(ev);
      } catch (err) {
        fail(`video: ${err.message}`); // a bad frame never breaks the console
      }
    };
    mine.onerror = () => {}; // onclose follows
    mine.onclose = (ev) => {
      if (mine !== ws) return;
      ws = null;
      reset();
      if (ev.code >= 4000 && ev.code < 5000) {
        info.state = 'refused';
        info.error = `The station refused the video: ${refusal?.error || ev.reason || `code ${ev.code}`}; retrying.`;
        if (ev.code === 4501) backoff = BACKOFF_MAX; // a station without video: it will not change soon
      } else if (ev.code === 1000) {
        info.state = 'ended';
        info.error = `The stream ended (${ev.reason || 'the station closed it'}); retrying.`;
      } else {
        info.state = 'reconnecting';
        info.error = opened
          ? `Video connection lost${ev.reason ? ` (${ev.reason})` : ''}; reconnecting.`
          : 'Cannot reach the station\'s video; retrying.';
      }
      report();
      retry = setTimeout(open, backoff * (0.75 + Math.random() / 2));
      backoff = Math.min(backoff * 2, BACKOFF_MAX);
    };
  }

  /** giveUp closes the connection for good (undecodable): no retry, the error stays. */
  function giveUp() {
    if (ws) {
      const old = ws;
      ws = null;
      old.onclose = null;
      old.close(1000, 'cannot decode this codec');
    }
    reset();
    report();
  }

  function reset() {
    if (decoder && decoder.state !== 'closed') decoder.close();
    decoder = null;
    codecString = '';
    waitKey = true;
    lastSeq = 0;
    jpegNext = null;
  }

  function stop() {
    clearTimeout(retry);
    retry = 0;
    if (ws) {
      const old = ws;
      ws = null;
      old.onclose = null;
      old.close(1000, 'viewer closed');
    }
    reset();
    target = null;
    skews = [];
    drawTimes = [];
    Object.assign(info, { state: 'idle', codec: '', width: 0, height: 0, fps: 0, delay: null, skew: 0, frames: 0, lost: 0, station: null, error: '' });
  }

  return {
    info,
    /** play shows stream key of vehicle id (again: nothing changes). */
    play(id, key) {
      if (target && target.id === id && target.key === key) return;
      stop();
      target = { id, key };
      backoff = BACKOFF_MIN;
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      open();
      report();
    },
    /** stop closes the connection and forgets the stream. */
    stop,
    /** destroy stops for good. */
    destroy() {
      stop();
      clearInterval(ticker);
    },
  };
}
