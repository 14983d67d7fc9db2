// Pure helpers for the map checks of console.test.mjs: reading a colour
// from a one-pixel screenshot, comparing colours, finding labels that
// overlap. No browser here, so they can be tried alone.
import { inflateSync } from 'node:zlib';

/**
 * pngPixel reads the [r, g, b] of a one-pixel PNG (a 1×1 page screenshot):
 * 8-bit RGB or RGBA, whose one scanline inflates to [filter, r, g, b(, a)]
 * (with no neighbours, every PNG filter leaves the bytes as they are).
 */
export function pngPixel(png) {
  let type = -1;
  const idat = [];
  for (let o = 8; o < png.length;) {
    const len = png.readUInt32BE(o);
    const kind = png.toString('ascii', o + 4, o + 8);
    if (kind === 'IHDR') {
      if (png.readUInt32BE(o + 8) !== 1 || png.readUInt32BE(o + 12) !== 1) throw new Error('not a 1×1 PNG');
      type = png[o + 8 + 9];
    }
    if (kind === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  if (type !== 2 && type !== 6) throw new Error(`PNG colour type ${type}: want RGB or RGBA`);
  return [...inflateSync(Buffer.concat(idat)).subarray(1, 4)];
}

/** colourDistance is the sum of the channels' differences (0–765). */
export function colourDistance(a, b) {
  return a.reduce((d, v, i) => d + Math.abs(v - b[i]), 0);
}

/**
 * overlapping names the pairs of visible labels whose boxes overlap by more
 * than half a pixel. list: [{id, visible, box: [x0, y0, x1, y1]}].
 */
export function overlapping(list) {
  const shown = list.filter((l) => l.visible);
  const out = [];
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) {
      const [a, b] = [shown[i].box, shown[j].box];
      if (a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5) out.push(`${shown[i].id}/${shown[j].id}`);
    }
  }
  return out;
}
