// A js-libp2p node that jdht's interop tests and benchmarks drive.
//
// It prints one JSON line {"event":"ready","peerId":…,"addrs":[…]} on stdout, then reads one JSON
// command per line from stdin ({"id":1,"cmd":"ping","addr":"…"}) and answers each with one JSON line
// carrying the same id ({"id":1,"ok":true,…} or {"id":1,"ok":false,"error":"…"}). It exits when stdin
// closes, so a test that dies never leaves it running. Logs go to stderr only.
//
// Flags: --port N (default 0: any free port), --seed HEX (32-byte Ed25519 seed, for a known peer id).

import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { createInterface } from 'node:readline'

const PERF = '/perf/1.0.0'
const CHUNK = 64 * 1024

function flag (name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

const seed = flag('seed')
const privateKey = seed != null
  ? await generateKeyPairFromSeed('Ed25519', Uint8Array.from(Buffer.from(seed, 'hex')))
  : await generateKeyPair('Ed25519')

const node = await createLibp2p({
  privateKey,
  addresses: { listen: [`/ip4/127.0.0.1/tcp/${flag('port', '0')}`] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  // Many local test nodes dial each other in quick succession: do not rate-limit loopback.
  connectionManager: { allow: ['/ip4/127.0.0.1'], inboundConnectionThreshold: 10000, maxIncomingPendingConnections: 1000 },
  services: {
    identify: identify(),
    identifyPush: identifyPush(),
    ping: ping(),
    // Server mode on the public protocol id; keep loopback addresses (the default mapper drops them).
    dht: kadDHT({ clientMode: false, protocol: '/ipfs/kad/1.0.0', peerInfoMapper: passthroughMapper })
  }
})

// --- perf server: read the requested size, drain the upload, send that many bytes, close ---------
await node.handle(PERF, async (stream) => {
  try {
    let header = new Uint8Array(0)
    for await (const chunk of stream) {
      if (header.length < 8) {
        const bytes = chunk.subarray ? chunk.subarray() : chunk
        const joined = new Uint8Array(header.length + bytes.length)
        joined.set(header)
        joined.set(bytes, header.length)
        header = joined.length > 8 ? joined.subarray(0, 8) : joined
      }
    }
    const want = new DataView(header.buffer, header.byteOffset, 8).getBigUint64(0)
    await sendFiller(stream, Number(want))
    await stream.close()
  } catch (err) {
    process.stderr.write(`perf server: ${err.message}\n`)
    stream.abort(err)
  }
}, { maxInboundStreams: 64 })

const FILLER = new Uint8Array(CHUNK)

async function sendFiller (stream, total) {
  let left = total
  while (left > 0) {
    const n = Math.min(left, CHUNK)
    if (!stream.send(n === CHUNK ? FILLER : FILLER.subarray(0, n))) {
      await stream.onDrain()
    }
    left -= n
  }
}

// --- commands ---------------------------------------------------------------------------------
const commands = {
  async dial ({ addr }) {
    const conn = await node.dial(multiaddr(addr))
    return { peerId: conn.remotePeer.toString() }
  },
  async ping ({ addr }) {
    return { rttMs: await node.services.ping.ping(multiaddr(addr)) }
  },
  async identify ({ addr }) {
    const conn = await node.dial(multiaddr(addr))
    const r = await node.services.identify.identify(conn)
    return {
      peerId: r.peerId.toString(),
      agentVersion: r.agentVersion ?? null,
      protocolVersion: r.protocolVersion ?? null,
      protocols: r.protocols,
      listenAddrs: r.listenAddrs.map(a => a.toString()),
      observedAddr: r.observedAddr?.toString() ?? null,
      publicKey: r.publicKey != null ? Buffer.from(r.publicKey).toString('base64') : null
    }
  },
  async perf ({ addr, uploadBytes = 0, downloadBytes = 0 }) {
    const started = process.hrtime.bigint()
    const stream = await node.dialProtocol(multiaddr(addr), PERF)
    const header = new Uint8Array(8)
    new DataView(header.buffer).setBigUint64(0, BigInt(downloadBytes))
    stream.send(header)
    await sendFiller(stream, uploadBytes)
    await stream.close()
    let received = 0
    for await (const chunk of stream) {
      received += chunk.byteLength
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    if (received !== downloadBytes) {
      throw new Error(`perf: received ${received} of ${downloadBytes} bytes`)
    }
    return { uploadBytes, downloadBytes: received, seconds, megabytesPerSecond: (uploadBytes + received) / 1e6 / seconds }
  },
  async peers () {
    return { peers: node.getConnections().map(c => ({ peerId: c.remotePeer.toString(), addr: c.remoteAddr.toString() })) }
  },
  async stop () {
    setTimeout(() => shutdown(0), 10)
    return {}
  }
}

function reply (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

async function run (line) {
  let msg
  try {
    msg = JSON.parse(line)
  } catch {
    reply({ id: null, ok: false, error: 'not JSON: ' + line.slice(0, 80) })
    return
  }
  const handler = commands[msg.cmd]
  if (handler == null) {
    reply({ id: msg.id, ok: false, error: `unknown command ${msg.cmd}` })
    return
  }
  try {
    reply({ id: msg.id, ok: true, ...(await handler(msg)) })
  } catch (err) {
    reply({ id: msg.id, ok: false, error: err.message ?? String(err) })
  }
}

let stopping = false
async function shutdown (code) {
  if (stopping) return
  stopping = true
  try {
    await node.stop()
  } finally {
    process.exit(code)
  }
}

process.on('SIGTERM', () => shutdown(0))
process.on('SIGINT', () => shutdown(0))
createInterface({ input: process.stdin }).on('line', line => { run(line) }).on('close', () => shutdown(0))

reply({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(a => a.toString()) })
