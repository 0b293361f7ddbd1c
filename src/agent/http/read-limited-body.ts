/**
 * Reads a request body of at most `maxBytes`. A larger declared Content-Length is refused before
 * any byte is read; a body without one (chunked) is read until it passes the limit, then the stream
 * is cancelled. Either way a client cannot make the agent buffer more than `maxBytes`.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<{ ok: true; body: Buffer } | { ok: false }> {
  const declared = request.headers.get('content-length');
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > maxBytes)) return { ok: false };
  if (!request.body) return { ok: true, body: Buffer.alloc(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, body: Buffer.concat(chunks, total) };
}
