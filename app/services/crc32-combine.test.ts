import crypto from "node:crypto";
import zlib from "node:zlib";
import { crc32Combine, crc32Shift } from "./crc32-combine";

test("the combined CRC-32 of two pieces is the CRC-32 of their concatenation, whatever their lengths", () => {
  for (const [a, b] of [
    [0, 0],
    [0, 7],
    [1, 1],
    [24, 129_000],
    [65_537, 24],
    [3, 1_000_003],
  ]) {
    const first = crypto.randomBytes(a);
    const second = crypto.randomBytes(b);
    expect(crc32Combine(zlib.crc32(first), zlib.crc32(second), crc32Shift(b))).toBe(zlib.crc32(Buffer.concat([first, second])));
  }
});
