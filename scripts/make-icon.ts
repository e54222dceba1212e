/**
 * Draws S3 Desk's mark — a white bucket on the app's blue, in a rounded
 * square — as build/icon.png at 1024×1024. electron-builder makes the
 * .icns and .ico from it on the release runners. Run after changing the mark:
 *   npx tsx scripts/make-icon.ts
 * It is drawn, not exported from an editor, so the repository holds its source.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
/** Samples per pixel side: edges are anti-aliased by averaging SAMPLES² points. */
const SAMPLES = 4;

type Rgba = [number, number, number, number];

/** Signed distance to a rounded square centred on the canvas (negative inside). */
function roundedSquare(x: number, y: number, half: number, radius: number): number {
  const qx = Math.abs(x - SIZE / 2) - (half - radius);
  const qy = Math.abs(y - SIZE / 2) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** The bucket: a trapezoid, wider at the top, with an elliptical rim around a dark opening, and a band. */
function bucketPart(x: number, y: number): 'rim' | 'opening' | 'body' | 'band' | null {
  const top = 330;
  const bottom = 760;
  const halfTop = 250;
  const halfBottom = 175;
  const centre = SIZE / 2;
  const rim = ((x - centre) / halfTop) ** 2 + ((y - top) / 56) ** 2;
  if (rim < 0.55) return 'opening';
  if (rim <= 1) return 'rim';
  if (y < top || y > bottom) return null;
  const t = (y - top) / (bottom - top);
  const half = halfTop + (halfBottom - halfTop) * t;
  if (Math.abs(x - centre) > half) return null;
  if (y > 520 && y < 580) return 'band';
  return 'body';
}

function colourAt(x: number, y: number): Rgba {
  if (roundedSquare(x, y, 470, 200) > 0) return [0, 0, 0, 0];
  const part = bucketPart(x, y);
  if (part === 'rim' || part === 'body') return [255, 255, 255, 255];
  if (part === 'band') return [208, 222, 250, 255];
  if (part === 'opening') return [28, 64, 160, 255];
  // A vertical gradient of the accent blue.
  const t = y / SIZE;
  return [Math.round(46 + 20 * t), Math.round(108 - 36 * t), Math.round(230 - 40 * t), 255];
}

function pixels(): Buffer {
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    rows[row] = 0; // PNG filter: none
    for (let x = 0; x < SIZE; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [r, g, b, a] = colourAt(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
          // Premultiplied, so transparent samples do not darken the edge.
          sum[0]! += r * a;
          sum[1]! += g * a;
          sum[2]! += b * a;
          sum[3]! += a;
        }
      }
      const alpha = sum[3]! / (SAMPLES * SAMPLES);
      const offset = row + 1 + x * 4;
      for (let channel = 0; channel < 3; channel++) rows[offset + channel] = alpha === 0 ? 0 : Math.round(sum[channel]! / sum[3]!);
      rows[offset + 3] = Math.round(alpha);
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function iconPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels(), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const target = join(import.meta.dirname, '..', 'build', 'icon.png');
  writeFileSync(target, iconPng());
  console.log(`wrote ${target}`);
}
