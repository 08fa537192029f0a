// Drives a Kubo-compatible RPC API with the real kubo-rpc-client (the npm package, pinned in
// package-lock.json), so that jdht's daemon is checked against the client IPFS users have, not
// against our reading of Kubo (interop KuboRpcClientInteropTest).
//
//   node kubo-client.mjs <api-url> <operation> [args…]
//
//   findPeer <peer-id>     routing.findPeer          findProvs <cid> [n]   routing.findProvs
//   get <key>              routing.get               put <key> <base64>    routing.put
//   provide <cid>          routing.provide           query <peer-id>       dht.query
//   id                     id()                      connect <multiaddr>   swarm.connect
//   peers                  swarm.peers               blockPut <base64>     block.put
//   publish <path>         name.publish
//
// Prints one JSON line per event the client yields, in the client's own terms ({"name":
// "FINAL_PEER","peer":{"id":…,"multiaddrs":[…]}}, {"name":"VALUE","value":"<base64>"}, …), then
// {"done":true}; or, when the client throws, {"threw":"<Error name>","message":"…"}. Exit code 0
// either way (the Java side judges); 2 for bad arguments.

import { create } from 'kubo-rpc-client'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'

const [url, op, ...args] = process.argv.slice(2)
if (url == null || op == null) {
  process.stderr.write('usage: node kubo-client.mjs <api-url> <operation> [args…]\n')
  process.exit(2)
}
const client = create({ url, timeout: 60_000 })
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n')
const b64 = (bytes) => Buffer.from(bytes).toString('base64')
const peer = (p) => ({ id: p.id.toString(), multiaddrs: (p.multiaddrs ?? []).map(m => m.toString()) })

function event (e) {
  const out = { name: e.name, type: e.type }
  if (e.peer != null) out.peer = typeof e.peer.id !== 'undefined' ? peer(e.peer) : { id: e.peer.toString() }
  if (e.from != null) out.from = e.from.toString()
  if (e.providers != null) out.providers = e.providers.map(peer)
  if (e.closer != null) out.closer = e.closer.map(peer)
  if (e.value != null) out.value = b64(e.value)
  if (e.error != null) out.error = e.error.message
  return out
}

async function each (iterable) {
  for await (const e of iterable) print(event(e))
}

const operations = {
  findPeer: ([id]) => each(client.routing.findPeer(peerIdFromString(id))),
  findProvs: ([cid, n]) => each(client.routing.findProvs(CID.parse(cid), n == null ? {} : { numProviders: Number(n) })),
  get: ([key]) => each(client.routing.get(key)),
  put: ([key, value]) => each(client.routing.put(key, Buffer.from(value, 'base64'))),
  provide: ([cid]) => each(client.routing.provide(CID.parse(cid))),
  query: ([id]) => each(client.dht.query(peerIdFromString(id))),
  id: async () => {
    const r = await client.id()
    print({ id: r.id.toString(), publicKey: r.publicKey, addresses: r.addresses.map(a => a.toString()), agentVersion: r.agentVersion, protocols: r.protocols })
  },
  connect: async ([ma]) => print({ strings: await client.swarm.connect(multiaddr(ma)) }),
  peers: async () => print({ peers: (await client.swarm.peers()).map(p => ({ addr: p.addr.toString(), peer: p.peer.toString() })) }),
  // set-up commands, so that a test's data also goes in through the client: a block to provide, an IPNS record
  blockPut: async ([data]) => print({ cid: (await client.block.put(Buffer.from(data, 'base64'))).toString() }),
  publish: async ([path]) => {
    const r = await client.name.publish(path)
    print({ name: r.name, value: r.value })
  }
}

const run = operations[op]
if (run == null) {
  process.stderr.write(`kubo-client.mjs: unknown operation ${op}; one of ${Object.keys(operations).join(', ')}\n`)
  process.exit(2)
}
try {
  await run(args)
  print({ done: true })
} catch (err) {
  print({ threw: err.name, message: err.message })
}
