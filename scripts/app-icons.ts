/**
 * Draws the Teams app icons into appPackage/ (run: `npx tsx scripts/app-icons.ts`): color.png,
 * 192x192, white bars of seats used on the brand color; outline.png, 32x32, the same bars
 * in white on transparent, as Teams requires. Plain PNG encoding with node:zlib: no image library.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const BRAND = [0x0f, 0x6c, 0xbd] as const;

/** Three rounded bars of falling length: seats used from a pool. Coordinates in a 0..1 square. */
const BARS = [
  { x0: 0.2, x1: 0.8, y0: 0.2, y1: 0.34 },
  { x0: 0.2, x1: 0.64, y0: 0.43, y1: 0.57 },
  { x0: 0.2, x1: 0.46, y0: 0.66, y1: 0.8 },
];

function inBar(x: number, y: number): boolean {
  return BARS.some(({ x0, x1, y0, y1 }) => {
    const r = (y1 - y0) / 2;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    return y >= y0 && y <= y1 && (x - cx) ** 2 + (y - (y0 + r)) ** 2 <= r * r;
  });
}

/** Share of a pixel the glyph covers, sampled 4x4 for smooth edges. */
function coverage(px: number, py: number, size: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inBar((px + (i + 0.5) / 4) / size, (py + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

export function drawIcon(size: number, background: readonly [number, number, number] | null): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size);
      const o = (y * size + x) * 4;
      if (background) {
        for (let k = 0; k < 3; k++) rgba[o + k] = Math.round(background[k]! * (1 - c) + 255 * c);
        rgba[o + 3] = 255;
      } else {
        // Outline icon: white everywhere the glyph is, its edges softened by alpha only.
        rgba.fill(255, o, o + 3);
        rgba[o + 3] = Math.round(255 * c);
      }
    }
  }
  return encodePng(size, size, rgba);
}

function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(dirname(fileURLToPath(import.meta.url)), "..", "appPackage");
  writeFileSync(join(out, "color.png"), drawIcon(192, BRAND));
  writeFileSync(join(out, "outline.png"), drawIcon(32, null));
  console.log(`Wrote ${out}/color.png and outline.png`);
}
