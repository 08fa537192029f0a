// The js-libp2p side of the DHT latency comparison (io.jdht.bench.DhtSideBySide runs both): N
// js-libp2p nodes in this one process on 127.0.0.1, each dialling 3 random earlier ones; one
// lookup for its own id each; then, one at a time from random nodes, `ops` of each operation
// with a 15 s timeout. The workload matches io.jdht.bench.DhtLatencyBench operation for operation.
//
//   node swarm-bench.mjs [nodes] [ops] [seed]
//
// Prints one JSON line per operation, {"op","p50","p95","failed"} (milliseconds), then
// {"summary":…}. Logs go to stderr.

import { generateKeyPair } from '@libp2p/crypto/keys'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { createPeer } from './lib/node.mjs'

console.log = console.info = console.debug = console.error
process.on('unhandledRejection', err => process.stderr.write(`unhandled rejection: ${err?.stack ?? err}\n`))

const n = Number(process.argv[2] ?? 30)
const ops = Number(process.argv[3] ?? 50)
const seed = Number(process.argv[4] ?? 1)
const OP_TIMEOUT_MS = 15_000
const RAW = 0x55

// A small seeded generator (mulberry32): the same seed gives the same network shape and workload.
function prng (s) {
  let a = s >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = prng(seed)
const pick = list => list[Math.floor(random() * list.length)]

async function drain (iterable) {
  const events = []
  for await (const e of iterable) events.push(e)
  return events
}

const times = new Map()
const failures = new Map()
async function time (op, fn) {
  const start = performance.now()
  try {
    await fn(AbortSignal.timeout(OP_TIMEOUT_MS))
  } catch (err) {
    failures.set(op, (failures.get(op) ?? 0) + 1)
    process.stderr.write(`${op} failed: ${err.message}\n`)
  }
  if (!times.has(op)) times.set(op, [])
  times.get(op).push(performance.now() - start)
}

const nodes = []
const setupStart = performance.now()
try {
  for (let i = 0; i < n; i++) {
    const node = await createPeer({ privateKey: await generateKeyPair('Ed25519'), port: 0, dhtClient: false })
    for (let j = 0; j < Math.min(3, i); j++) {
      const other = nodes[Math.floor(random() * i)]
      await node.dial(other.getMultiaddrs()[0]).catch(err => process.stderr.write(`dial: ${err.message}\n`))
    }
    nodes.push(node)
  }
  // let routing tables fill (identify, then kad-dht's own admission ping) and look each node up once
  await new Promise(resolve => setTimeout(resolve, 1000))
  for (const node of nodes) {
    await drain(node.services.dht.getClosestPeers(node.peerId.toMultihash().bytes, { signal: AbortSignal.timeout(60_000) })).catch(() => {})
  }
  const setupS = (performance.now() - setupStart) / 1000

  const enc = s => new TextEncoder().encode(s)
  const keys = []
  const cids = []
  const wallStart = performance.now()
  for (let i = 0; i < ops; i++) {
    const a = pick(nodes)
    const key = enc(`/test/bench-${seed}-${i}`)
    keys.push(key)
    await time('put', signal => drain(a.services.dht.put(key, enc(`value ${i}`), { signal })))
  }
  for (let i = 0; i < ops; i++) {
    const a = pick(nodes)
    await time('get', async signal => {
      const events = await drain(a.services.dht.get(keys[i], { signal }))
      if (!events.some(e => e.name === 'VALUE')) throw new Error('no value')
    })
  }
  for (let i = 0; i < ops; i++) {
    const a = pick(nodes)
    const cid = CID.createV1(RAW, await sha256.digest(enc(`block ${seed}-${i}`)))
    cids.push(cid)
    await time('provide', signal => drain(a.services.dht.provide(cid, { signal })))
  }
  for (let i = 0; i < ops; i++) {
    const a = pick(nodes)
    await time('findProviders', async signal => {
      for await (const e of a.services.dht.findProviders(cids[i], { signal })) {
        if (e.name === 'PROVIDER' && e.providers.length > 0) return
      }
      throw new Error('no provider')
    })
  }
  for (let i = 0; i < ops; i++) {
    const a = pick(nodes)
    let b = pick(nodes)
    while (b === a) b = pick(nodes)
    await time('findPeer', async signal => {
      for await (const e of a.services.dht.findPeer(b.peerId, { signal })) {
        if (e.name === 'FINAL_PEER') return
      }
      throw new Error('not found')
    })
  }
  for (let i = 0; i < ops; i++) {
    const a = pick(nodes)
    const target = pick(nodes).peerId.toMultihash().bytes
    await time('query', signal => drain(a.services.dht.getClosestPeers(target, { signal })))
  }
  const wallS = (performance.now() - wallStart) / 1000
  const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
  for (const [op, list] of times) {
    list.sort((x, y) => x - y)
    process.stdout.write(JSON.stringify({ op, p50: pct(list, 0.5), p95: pct(list, 0.95), failed: failures.get(op) ?? 0 }) + '\n')
  }
  const rss = process.memoryUsage().rss / 1e6
  const maxRss = process.resourceUsage().maxRSS * 1024 / 1e6 // KiB: the process's high-water mark
  process.stdout.write(JSON.stringify({ summary: { nodes: n, ops: ops * 6, setupS, wallS, rssMB: rss, maxRssMB: maxRss } }) + '\n')
} finally {
  setTimeout(() => process.exit(0), 10_000).unref()
  await Promise.all(nodes.map(node => node.stop().catch(() => {})))
  process.exit(0)
}
