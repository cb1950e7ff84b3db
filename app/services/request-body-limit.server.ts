/**
 * The request body as the app reads it, counted as it streams: once more bytes arrived than the
 * route allows (http-security.server.ts, bodyLimit), reading stops — the rest is never buffered,
 * whatever the framing (Content-Length or chunked) — and the stream fails with BodyTooLargeError.
 *
 * Plain Node: server.ts loads it directly.
 */
import type { Readable } from "node:stream";

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
  constructor(readonly limit: number) {
    super(`The request body is larger than the ${limit} bytes this address accepts.`);
  }
}

/** How much of a body is held before the source is paused until the reader catches up. */
const HIGH_WATER_MARK = 64 * 1024;

/**
 * A web stream of `source` (the incoming request) that ends with it, fails when it fails or is
 * cut off, and fails with BodyTooLargeError — calling `onTooLarge` once — as soon as more than
 * `limit` bytes arrived. The source is paused while the reader is HIGH_WATER_MARK behind, and
 * for good once the limit is passed.
 *
 * `discardRest()` is for when the answer has gone out without the app reading the whole body:
 * the rest is read and dropped (still counted: past the limit the connection is cut), so the
 * connection can carry the client's next request.
 */
export function limitedBody(
  source: Readable & { destroy(error?: Error): unknown },
  limit: number,
  onTooLarge: (error: BodyTooLargeError) => void,
): { body: ReadableStream<Uint8Array>; discardRest(): void } {
  let received = 0;
  let done = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const finish = (how: () => void) => {
    if (done) return;
    done = true;
    source.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    how();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) {
      source.pause();
      const error = new BodyTooLargeError(limit);
      finish(() => controller.error(error));
      onTooLarge(error);
      return;
    }
    controller.enqueue(chunk);
    if ((controller.desiredSize ?? 0) <= 0) source.pause();
  };
  const onEnd = () => finish(() => controller.close());
  const onError = (error: Error) => finish(() => controller.error(error));
  // A request whose connection closed before its end must not look like a complete (shorter) body.
  const onClose = () => onError(new Error("The request was cut off before its body was complete."));

  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        source.on("data", onData).once("end", onEnd).once("error", onError).once("close", onClose);
      },
      pull() {
        if (!done) source.resume();
      },
      cancel() {
        discardRest();
      },
    },
    { highWaterMark: HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
  );

  function discardRest() {
    if (done) return;
    finish(() => controller.error(new Error("The rest of the request body was not read.")));
    source.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) source.destroy();
    });
    source.resume();
  }

  return { body, discardRest };
}
