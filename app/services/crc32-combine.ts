// The CRC-32 of a concatenation from the CRCs of its pieces, as zlib's crc32_combine computes it
// (polynomial arithmetic modulo the CRC-32 polynomial, after Mark Adler's zlib 1.2.12 code).
// Node's zlib has crc32() but not the combination, which a cached gzip page needs once per
// response for every stretch between two nonces: combining costs a few dozen operations,
// computing the CRC of the stretch again costs a pass over it.

const POLY = 0xedb88320;

/** a(x) · b(x) modulo the polynomial (reflected bit order, as CRC-32 uses). */
function multmodp(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) modulo the polynomial. */
const X2N: number[] = (() => {
  const table: number[] = [];
  let p = 1 << 30; // x^1
  table.push(p);
  for (let n = 1; n < 32; n++) table.push((p = multmodp(p, p)));
  return table;
})();

/** The operator that shifts a CRC past `length` more bytes (x^(8 · length) modulo the polynomial). */
export function crc32Shift(length: number): number {
  let p = 0x80000000; // x^0
  let k = 3;
  for (let n = length; n > 0; n = Math.floor(n / 2), k++) if (n % 2) p = multmodp(X2N[k & 31], p);
  return p >>> 0;
}

/** The CRC-32 of A followed by B, from crc(A), crc(B) and crc32Shift(length of B). */
export function crc32Combine(crcA: number, crcB: number, shiftB: number): number {
  return (multmodp(shiftB, crcA) ^ crcB) >>> 0;
}
