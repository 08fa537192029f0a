// Kademlia commands, on js-libp2p's kad-dht. Keys and values are base64 (standard alphabet, with
// padding) because DHT keys are bytes: "/ipns/" + a binary multihash, "/test/anything", ...
//
// js put and provide resolve even when no peer took the record, so the answers say who did: put
// lists the peers that acknowledged the PUT_VALUE with the same record, provide the peers the
// ADD_PROVIDER message was written to (the protocol has no acknowledgement for it).
//
// getLocal, localProviders and routingTable read kad-dht's internal state (its record store,
// provider store and k-buckets): they have no public API, and tests need to see what a remote
// operation left on this node. They are pinned to @libp2p/kad-dht 16.4.5.

import { bytesArg, cidArg, count, deadline, peerIdArg, required, InvalidArgumentError } from './args.mjs'
import { peerInfo } from './commands.mjs'

const DHT_TIMEOUT_MS = 30_000

function base64 (bytes) {
  return Buffer.from(bytes).toString('base64')
}

function notFound (message) {
  const err = new Error(message)
  err.name = 'NotFoundError'
  return err
}

/** Query errors, briefly, so a test failure can say why peers did not answer. */
function errorText (event) {
  return `${event.from?.toString() ?? '?'}: ${event.error?.message ?? event.error}`
}

export function dhtCommands (node) {
  const dht = node.services.dht

  return {
    /** Stores a record. Args: key, value (base64). → {storedAt: [peerId], queryErrors: [text]} */
    async put (args) {
      const key = bytesArg(args, 'key')
      const value = bytesArg(args, 'value')
      const storedAt = new Set()
      const queryErrors = []
      for await (const event of dht.put(key, value, { signal: deadline(args, DHT_TIMEOUT_MS) })) {
        if (event.name === 'PEER_RESPONSE' && event.messageName === 'PUT_VALUE' &&
            event.record != null && Buffer.from(event.record.value).equals(value)) {
          storedAt.add(event.from.toString())
        } else if (event.name === 'QUERY_ERROR') {
          queryErrors.push(errorText(event))
        }
      }
      return { storedAt: [...storedAt], queryErrors }
    },

    /**
     * Finds the best record for a key (its own store included; the namespace's selector picks the
     * winner). Args: key (base64). → {value (base64), from: peerId, values: [{from, value}],
     * queryErrors: [text]} where values lists the record of every peer whose GET_VALUE answer
     * carried one that passed validation (this node's own record is not among them); fails with
     * NotFoundError.
     */
    async get (args) {
      const key = bytesArg(args, 'key')
      let best = null
      const values = []
      const queryErrors = []
      // kad-dht yields only the selected record as a VALUE event, the last one; the answers of
      // single peers are PEER_RESPONSE events (a record that fails validation becomes a QUERY_ERROR).
      for await (const event of dht.get(key, { signal: deadline(args, DHT_TIMEOUT_MS) })) {
        if (event.name === 'VALUE') {
          best = event
        } else if (event.name === 'PEER_RESPONSE' && event.messageName === 'GET_VALUE' && event.record != null) {
          values.push({ from: event.from.toString(), value: base64(event.record.value) })
        } else if (event.name === 'QUERY_ERROR') {
          queryErrors.push(errorText(event))
        }
      }
      if (best == null) throw notFound(`no record found for key ${args.key} (base64)`)
      return { value: base64(best.value), from: best.from.toString(), values, queryErrors }
    },

    /** The record this node itself holds for a key (e.g. one a remote peer put). → {value} or NotFoundError */
    async getLocal (args) {
      try {
        const record = await dht.contentFetching.getLocal(bytesArg(args, 'key'), { signal: deadline(args, 5_000) })
        return { value: base64(record.value) }
      } catch (err) {
        if (err.name === 'NotFoundError') throw notFound(`this node holds no record for key ${args.key} (base64)`)
        throw err
      }
    },

    /** Announces this node as a provider. Args: cid. → {sentTo: [peerId], queryErrors: [text]} */
    async provide (args) {
      const sentTo = new Set()
      const queryErrors = []
      for await (const event of dht.provide(cidArg(args), { signal: deadline(args, DHT_TIMEOUT_MS) })) {
        if (event.name === 'PEER_RESPONSE' && event.messageName === 'ADD_PROVIDER') {
          sentTo.add(event.from.toString())
        } else if (event.name === 'QUERY_ERROR') {
          queryErrors.push(errorText(event))
        }
      }
      return { sentTo: [...sentTo], queryErrors }
    },

    /**
     * Providers of a CID, from its own store and the network, up to "count" (default 20).
     * → {providers: [{peerId, addrs, from, namedBy}]} (from: the first peer whose answer named it;
     * namedBy: every peer whose answer named it before the query ended)
     */
    async findProviders (args) {
      const cid = cidArg(args)
      const wanted = count(args, 'count', 20)
      const found = new Map()
      const namedBy = new Map() // provider id -> ids of the peers whose GET_PROVIDERS answer named it
      if (wanted > 0) {
        for await (const event of dht.findProviders(cid, { signal: deadline(args, DHT_TIMEOUT_MS) })) {
          if (event.name === 'PEER_RESPONSE') {
            // kad-dht yields a PROVIDER event only for providers not seen before; the responses say who named whom.
            for (const p of event.providers ?? []) {
              const by = namedBy.get(p.id.toString()) ?? []
              if (!by.includes(event.from.toString())) by.push(event.from.toString())
              namedBy.set(p.id.toString(), by)
            }
            continue
          }
          if (event.name !== 'PROVIDER') continue
          for (const p of event.providers) {
            if (!found.has(p.id.toString())) {
              found.set(p.id.toString(), { ...peerInfo(p.id, p.multiaddrs), from: event.from.toString() })
            }
          }
          if (found.size >= wanted) break // ends the query
        }
      }
      return {
        providers: [...found.values()].slice(0, wanted)
          .map(p => ({ ...p, namedBy: namedBy.get(p.peerId) ?? [p.from] }))
      }
    },

    /** This node's own provider records for a CID. → {providers: [peerId]} */
    async localProviders (args) {
      const ids = await dht.providers.getProviders(cidArg(args), { signal: deadline(args, 5_000) })
      return { providers: ids.map(id => id.toString()) }
    },

    /**
     * A peer's addresses. Args: peerId, useCache (default true: a peer already in the peer store is
     * answered without a lookup; false forces a network lookup), complete (default false: answer at
     * the first peer that names it; true: run the lookup to its end and list in namedBy every peer
     * whose FIND_NODE answer named it). → {peerId, addrs, from, namedBy}
     */
    async findPeer (args) {
      const id = peerIdArg(args)
      const useCache = args.useCache ?? true
      if (typeof useCache !== 'boolean') throw new InvalidArgumentError(`argument "useCache" must be true or false, got ${JSON.stringify(useCache)}`)
      const complete = args.complete ?? false
      if (typeof complete !== 'boolean') throw new InvalidArgumentError(`argument "complete" must be true or false, got ${JSON.stringify(complete)}`)
      let first = null
      const namedBy = []
      try {
        for await (const event of dht.findPeer(id, { signal: deadline(args, DHT_TIMEOUT_MS), useCache })) {
          if (event.name === 'FINAL_PEER' && event.peer.id.equals(id)) {
            first ??= { ...peerInfo(event.peer.id, event.peer.multiaddrs), from: event.from.toString() }
            if (!namedBy.includes(event.from.toString())) namedBy.push(event.from.toString())
            if (!complete) break
          }
        }
      } catch (err) {
        if (err.name !== 'NotFoundError') throw err
      }
      if (first != null) return { ...first, namedBy }
      throw notFound(`no peer returned addresses for ${id}${useCache ? '' : ' (network only)'}`)
    },

    /**
     * The k closest peers to a key. Args: key (base64) or peerId (its multihash is the key).
     * → {peers: [{peerId, addrs}]}, in the order the lookup settled them
     */
    async getClosestPeers (args) {
      const key = args.peerId != null ? peerIdArg(args).toMultihash().bytes : bytesArg(args, 'key')
      const peers = new Map()
      for await (const event of dht.getClosestPeers(key, { signal: deadline(args, DHT_TIMEOUT_MS) })) {
        if (event.name === 'FINAL_PEER') peers.set(event.peer.id.toString(), peerInfo(event.peer.id, event.peer.multiaddrs))
      }
      return { peers: [...peers.values()] }
    },

    /** The peers in this node's k-buckets. → {peers: [peerId]} */
    async routingTable () {
      const peers = []
      for (const peer of dht.routingTable.kb?.toIterable() ?? []) peers.push(peer.peerId.toString())
      return { peers }
    },

    /**
     * Removes a peer from the routing table and drops the tags that make libp2p redial it when it
     * disconnects. kad-dht 16 puts every peer named in an answer into its routing table, providers
     * and DHT clients included, and keeps the closest ones connected; a test that needs the peer
     * to stay disconnected uses this. Args: peerId. → {}
     */
    async forgetPeer (args) {
      const peer = peerIdArg(args)
      await dht.routingTable.remove(peer)
      await node.peerStore.merge(peer, { tags: { 'keep-alive-kad-dht': undefined, 'kad-close': undefined } })
      return {}
    },

    /** Switches between "client" and "server" mode (announced to peers with identify push). → {dhtMode} */
    async dhtMode (args) {
      const mode = required(args, 'mode')
      if (mode !== 'client' && mode !== 'server') {
        throw new InvalidArgumentError(`argument "mode" must be "client" or "server", got ${JSON.stringify(mode)}`)
      }
      await dht.setMode(mode)
      return { dhtMode: dht.getMode() }
    }
  }
}
