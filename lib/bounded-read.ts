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
