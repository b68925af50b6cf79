// Reading a stream without trusting its length: at most `limit` bytes are kept, and the
// rest is cancelled unread. For request bodies (refused when larger) and webhook receivers'
// answers (only their start is kept).

export async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  if (!body) return { bytes: Buffer.alloc(0), truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(chunks), truncated: false };
      chunks.push(value);
      size += value.byteLength;
      if (size > limit) return { bytes: Buffer.concat(chunks).subarray(0, limit), truncated: true };
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * Gives up a stream without reading it: it is opened and cancelled at once. For a request body
 * this is what tells Node to stop: a body merely left alone is read to its end after the
 * answer (Node drains it to reach the next request on the connection: a 60 MB body with its
 * Content-Length is read whole, as fast as the client sends), while a cancelled one is
 * destroyed and its connection left unread until it closes. Cancelling a stream never read
 * does not reach Node, hence the read started first: it takes at most what Node already holds.
 */
export function abandon(body: ReadableStream<Uint8Array> | null): void {
  if (!body || body.locked) return;
  const reader = body.getReader();
  reader.read().catch(() => {});
  reader.cancel().catch(() => {});
}
