/**
 * A small seeded PRNG for the demo data. Each stream is seeded by a key ("usage:fabrikam:..."), not
 * by a global sequence, so adding a customer does not reshuffle everyone else's numbers and the
 * same key always yields the same values.
 */

/** FNV-1a, 32 bits: turns a key into a seed. */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a uniform float in [0, 1) per call. */
export function prng(key: string): () => number {
  let a = hash32(key);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A GUID-shaped id (version 4 layout) derived from a key: stable across runs and days. */
export function guid(key: string): string {
  const next = prng(`guid:${key}`);
  let hex = "";
  for (let i = 0; i < 32; i++) hex += Math.floor(next() * 16).toString(16);
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An integer in [min, max]. */
export function between(next: () => number, min: number, max: number): number {
  return min + Math.floor(next() * (max - min + 1));
}
