// The connection-level commands: dial, ping, identify, perf, peers, peerStore, hangUp, info, stop.
// Each handler takes the command's arguments and returns the fields of its answer (see json-lines.mjs);
// throwing answers ok=false. Every network operation is bounded by "timeoutMs" (a default otherwise).

import { addrArg, count, deadline, peerIdArg } from './args.mjs'
import { runPerf } from './perf.mjs'

/** Where a peer can be reached, for answers: its id and its addresses as strings. */
export function peerInfo (id, multiaddrs) {
  return { peerId: id.toString(), addrs: multiaddrs.map(a => a.toString()) }
}

export function connectionCommands (node, shutdown) {
  return {
    /** Opens (or reuses) a connection. → {peerId, remoteAddr} */
    async dial (args) {
      const conn = await node.dial(addrArg(args), { signal: deadline(args, 30_000) })
      return { peerId: conn.remotePeer.toString(), remoteAddr: conn.remoteAddr.toString() }
    },

    /** One /ipfs/ping/1.0.0 round trip (dials if needed). → {rttMs} */
    async ping (args) {
      return { rttMs: await node.services.ping.ping(addrArg(args), { signal: deadline(args, 30_000) }) }
    },

    /**
     * What the peer says about itself in identify, on a new connection (a reused one would give an
     * old answer). → {peerId, agentVersion, protocolVersion, protocols, listenAddrs, observedAddr,
     * publicKey (base64 protobuf), signedPeerRecord: {seq, addrs} | null}
     */
    async identify (args) {
      const r = await identifyNewConnection(node, addrArg(args), deadline(args, 30_000))
      return {
        peerId: r.peerId.toString(),
        agentVersion: r.agentVersion ?? null,
        protocolVersion: r.protocolVersion ?? null,
        protocols: r.protocols,
        listenAddrs: r.listenAddrs.map(a => a.toString()),
        observedAddr: r.observedAddr?.toString() ?? null,
        publicKey: r.publicKey != null ? Buffer.from(r.publicKey).toString('base64') : null,
        signedPeerRecord: r.signedPeerRecord != null
          ? { seq: r.signedPeerRecord.seq, addrs: r.signedPeerRecord.addresses.map(a => a.toString()) }
          : null
      }
    },

    /**
     * Client side of /perf/1.0.0. Args: addr, uploadBytes, downloadBytes (default 0 each).
     * → {uploadBytes, downloadBytes, bytes, seconds, megabytesPerSecond} (MB = 10^6 bytes)
     */
    async perf (args) {
      const up = count(args, 'uploadBytes', 0)
      const down = count(args, 'downloadBytes', 0)
      return runPerf(node, addrArg(args), up, down, deadline(args, 300_000))
    },

    /** Open connections. → {peers: [{peerId, addr, direction}]} */
    async peers () {
      return {
        peers: node.getConnections().map(c => ({
          peerId: c.remotePeer.toString(), addr: c.remoteAddr.toString(), direction: c.direction
        }))
      }
    },

    /**
     * What this node's peer store holds about a peer (what identify and identify push told it).
     * Args: peerId. → {peerId, protocols, addrs}; fails with NotFoundError for an unknown peer.
     */
    async peerStore (args) {
      const peer = await node.peerStore.get(peerIdArg(args))
      return {
        peerId: peer.id.toString(),
        protocols: peer.protocols,
        addrs: peer.addresses.map(a => a.multiaddr.toString())
      }
    },

    /** Closes every connection to a peer. Args: peerId. → {} */
    async hangUp (args) {
      await node.hangUp(peerIdArg(args), { signal: deadline(args, 10_000) })
      return {}
    },

    /** This node. → {peerId, addrs, protocols, dhtMode} */
    async info () {
      return {
        ...peerInfo(node.peerId, node.getMultiaddrs()),
        protocols: node.getProtocols(),
        dhtMode: node.services.dht.getMode()
      }
    },

    /** Answers, then stops the node and exits. → {} */
    async stop () {
      setImmediate(() => shutdown(0))
      return {}
    }
  }
}

/**
 * Opens a new connection and returns the result of the identify exchange libp2p runs on it by itself.
 * Asking again with identify.identify(conn) would race that exchange, and a peer accepts only one
 * identify stream at a time per connection (js resets the second one), so we wait for its result.
 * js emits no event when identify fails, so a peer with a broken identify shows up as the time limit
 * (or as the connection closing).
 */
async function identifyNewConnection (node, ma, signal) {
  const results = new Map() // connection id -> identify result; one may arrive before dial returns
  const { promise: failed, reject } = Promise.withResolvers()
  let wanted = null
  let found = null
  const onIdentify = ({ detail }) => {
    results.set(detail.connection.id, detail)
    if (detail.connection.id === wanted) found?.(detail)
  }
  const onAbort = () => reject(new Error(`identify: no answer within the time limit (${signal.reason?.message ?? 'aborted'})`))
  node.addEventListener('peer:identify', onIdentify)
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    const conn = await node.dial(ma, { signal, force: true })
    wanted = conn.id
    if (results.has(wanted)) return results.get(wanted)
    conn.addEventListener('close', () => reject(new Error('identify: the connection closed before identify finished')), { once: true })
    return await Promise.race([new Promise(resolve => { found = resolve }), failed])
  } finally {
    node.removeEventListener('peer:identify', onIdentify)
    signal.removeEventListener('abort', onAbort)
  }
}
