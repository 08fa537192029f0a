// The /perf/1.0.0 protocol (specs/libp2p/perf.md), both sides.
//
// Client: open a stream, send the number of bytes it wants back as a big-endian uint64, upload its
// bytes, close its write side, then read until the server closes. Server: read that number, drain
// the upload until EOF, and only then send the requested bytes and close.
// @libp2p/perf is not in the registry reachable here, and the protocol is this small anyway.

export const PERF_PROTOCOL = '/perf/1.0.0'

// The bytes sent are zeros: the spec allows any fixed content, and reusing one block means the
// measurement is not limited by generating data. Nobody mutates it, so sending it repeatedly is safe.
const BLOCK = new Uint8Array(64 * 1024)

/** Registers the server side on `node`. */
export async function handlePerf (node) {
  await node.handle(PERF_PROTOCOL, async (stream) => {
    try {
      const header = new Uint8Array(8)
      let headerBytes = 0
      let uploaded = 0
      for await (const chunk of stream) {
        const bytes = chunk.subarray() // a Uint8Array, or the joined bytes of a Uint8ArrayList
        const forHeader = Math.min(8 - headerBytes, bytes.byteLength)
        header.set(bytes.subarray(0, forHeader), headerBytes)
        headerBytes += forHeader
        uploaded += bytes.byteLength - forHeader
      }
      if (headerBytes < 8) {
        throw new Error(`the client closed its side after ${headerBytes} of the 8 length bytes`)
      }
      // Beyond 2^53 (e.g. the spec's "max uint64 until the client hangs up") the count is only
      // approximate, which does not matter: the client closes the stream long before.
      const requested = Number(new DataView(header.buffer).getBigUint64(0))
      process.stderr.write(`perf server: received ${uploaded} bytes, sending ${requested}\n`)
      await sendBytes(stream, requested)
      await stream.close()
    } catch (err) {
      process.stderr.write(`perf server: ${err.message}\n`)
      stream.abort(err)
    }
  }, { maxInboundStreams: 64 })
}

/**
 * Runs the client side against the peer at `ma`: uploads `uploadBytes`, downloads `downloadBytes`.
 * The clock starts when the stream is opened (the connection is set up first and not timed), as
 * the spec measures "from stream open to stream close".
 */
export async function runPerf (node, ma, uploadBytes, downloadBytes, signal) {
  await node.dial(ma, { signal })
  const started = process.hrtime.bigint()
  const stream = await node.dialProtocol(ma, PERF_PROTOCOL, { signal })
  try {
    const header = new Uint8Array(8)
    new DataView(header.buffer).setBigUint64(0, BigInt(downloadBytes))
    stream.send(header)
    await sendBytes(stream, uploadBytes, signal)
    await stream.close({ signal })
    let received = 0
    for await (const chunk of stream) {
      received += chunk.byteLength
      signal?.throwIfAborted()
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    if (received !== downloadBytes) {
      throw new Error(`perf: the server sent ${received} bytes, ${downloadBytes} were asked for`)
    }
    const bytes = uploadBytes + received
    return { uploadBytes, downloadBytes: received, bytes, seconds, megabytesPerSecond: bytes / 1e6 / seconds }
  } catch (err) {
    stream.abort(err)
    throw err
  }
}

/** Sends `total` bytes, waiting whenever the stream's send buffer is full (back-pressure). */
async function sendBytes (stream, total, signal) {
  let left = total
  while (left > 0) {
    const n = Math.min(left, BLOCK.byteLength)
    if (!stream.send(n === BLOCK.byteLength ? BLOCK : BLOCK.subarray(0, n))) {
      await stream.onDrain({ signal })
    }
    left -= n
  }
}
