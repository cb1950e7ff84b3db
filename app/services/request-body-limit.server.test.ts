import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { BodyTooLargeError, limitedBody } from "./request-body-limit.server";
import { bodyLimit, MAX_BODY_BYTES, uploadBodyBytes } from "./http-security.server";

const KiB = 1024;

/** A request-like source that produces `total` bytes in `chunk`-sized pieces on demand, counting what was read from it. */
function source(total: number, chunk = 16 * KiB) {
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= total) return this.push(null);
      const n = Math.min(chunk, total - produced);
      produced += n;
      this.push(Buffer.alloc(n, 97));
    },
  });
  return { stream, produced: () => produced };
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<number> {
  const reader = body.getReader();
  let n = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) n += next.value.byteLength;
  return n;
}

describe("a request body counted as it streams", () => {
  test("a body within the limit passes through whole, to its last byte", async () => {
    const { stream } = source(300 * KiB);
    let refused = false;
    expect(await readAll(limitedBody(stream, 300 * KiB, () => (refused = true)).body)).toBe(300 * KiB);
    expect(refused).toBe(false);
  });

  test("one byte over the limit fails the body with BodyTooLargeError, once", async () => {
    const { stream } = source(300 * KiB + 1);
    const refusals: BodyTooLargeError[] = [];
    await expect(readAll(limitedBody(stream, 300 * KiB, (e) => refusals.push(e)).body)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(refusals).toHaveLength(1);
    expect(refusals[0].limit).toBe(300 * KiB);
  });

  test("reading stops at the limit: a 20 MB body is not read past the first megabyte", async () => {
    const { stream, produced } = source(20 * 1024 * KiB, 64 * KiB);
    await expect(readAll(limitedBody(stream, MAX_BODY_BYTES, () => {}).body)).rejects.toBeInstanceOf(BodyTooLargeError);
    await new Promise((r) => setTimeout(r, 50));
    // The limit, plus what the stream buffers ahead (its high-water mark) — not the rest.
    expect(produced()).toBeLessThan(MAX_BODY_BYTES + 256 * KiB);
    expect(stream.isPaused()).toBe(true);
  });

  test("the source is read only as fast as the reader takes it (nothing piles up)", async () => {
    const { stream, produced } = source(8 * 1024 * KiB, 16 * KiB);
    const { body } = limitedBody(stream, 16 * 1024 * KiB, () => {});
    const reader = body.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 50));
    expect(produced()).toBeLessThan(256 * KiB);
    await reader.cancel();
  });

  test("a connection closed before the body's end fails the body instead of ending it short", async () => {
    const stream = new Readable({ read() {} });
    const { body } = limitedBody(stream, MAX_BODY_BYTES, () => {});
    stream.push(Buffer.from("email=someone%40exa"));
    setTimeout(() => stream.destroy(), 10);
    await expect(readAll(body)).rejects.toThrow(/cut off/);
  });
});

test("a body the app did not read is read to its end and dropped, still within the limit", async () => {
  const small = source(512 * KiB);
  limitedBody(small.stream, MAX_BODY_BYTES, () => {}).discardRest();
  await new Promise((r) => small.stream.once("end", r));
  expect(small.produced()).toBe(512 * KiB);

  const huge = source(20 * 1024 * KiB, 64 * KiB);
  limitedBody(huge.stream, MAX_BODY_BYTES, () => {}).discardRest();
  await new Promise((r) => huge.stream.once("close", r));
  expect(huge.stream.destroyed).toBe(true);
  expect(huge.produced()).toBeLessThan(MAX_BODY_BYTES + 256 * KiB);
});

test("anonymous sign-in and follow forms have a small limit; the comment forms and the statement builder (attachments) a large one; every other address the default", () => {
  for (const path of ["/login", "/login/verify", "/LOGIN", "/follow", "/follow/manage/abc", "/unsubscribe/t", "/consultations/x/follow", "/%6Cogin"]) {
    expect(bodyLimit(path), path).toBe(64 * KiB);
  }
  // Five files at the largest size an administrator may allow (25 MB), and the text fields.
  expect(uploadBodyBytes()).toBeGreaterThanOrEqual(5 * 25_000_000 + MAX_BODY_BYTES);
  for (const path of [
    "/consultations/x",
    "/consultations/x/",
    "/consultations/x/comments/1-2",
    "/consultations/x/comment-upload",
    "/consultations/x/statement/edit",
    "/consultations/x/statement/upload",
  ]) {
    expect(bodyLimit(path, "multipart/form-data; boundary=----x"), path).toBe(uploadBodyBytes());
    // Only a multipart body can carry files: any other keeps the default there.
    expect(bodyLimit(path, "application/x-www-form-urlencoded"), path).toBe(MAX_BODY_BYTES);
    expect(bodyLimit(path), path).toBe(MAX_BODY_BYTES);
  }
  for (const path of [
    "/consultations/new",
    "/consultations/x/manage",
    "/consultations/x/comments/1-2/a/1",
    "/consultations/x/statement",
    "/consultations/x/statement/a/1",
    "/admin/settings",
    "/loginx",
    "/consultations/x/follow/more",
  ]) {
    expect(bodyLimit(path), path).toBe(MAX_BODY_BYTES);
    expect(bodyLimit(path, "multipart/form-data; boundary=----x"), path).toBe(MAX_BODY_BYTES);
  }
});
