// Builds the js-libp2p node: the stack a Kubo or Helia node speaks (TCP, Noise, yamux, identify,
// ping, Kademlia on /ipfs/kad/1.0.0) plus /perf/1.0.0, set up for many peers on one machine.

import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { ipnsValidator } from 'ipns/validator'
import { ipnsSelector } from 'ipns/selector'
import { handlePerf } from './perf.mjs'
import { testValidator, testSelector } from './records.mjs'

export const KAD_PROTOCOL = '/ipfs/kad/1.0.0'

/**
 * @param {object} options
 * @param {import('@libp2p/interface').PrivateKey} options.privateKey the node's identity
 * @param {number} options.port TCP port on 127.0.0.1 (0: any free port)
 * @param {boolean} options.dhtClient start the DHT in client mode instead of server mode
 */
export async function createPeer ({ privateKey, port, dhtClient }) {
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: [`/ip4/127.0.0.1/tcp/${port}`] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: {
      // libp2p accepts only ~5 inbound connections per second from one host and caps pending
      // ones; tests start many nodes on loopback that all dial each other at once. Allow-listed
      // addresses skip both limits and are never pruned.
      allow: ['/ip4/127.0.0.0/ipcidr/8'],
      maxConnections: 1000
    },
    services: {
      identify: identify(),
      identifyPush: identifyPush(),
      ping: ping(),
      dht: kadDHT({
        // The default is client mode, which neither serves nor advertises the protocol.
        clientMode: dhtClient,
        protocol: KAD_PROTOCOL,
        // The default mapper drops private and loopback addresses, so peers on 127.0.0.1 would
        // be learned without addresses and never dialled.
        peerInfoMapper: passthroughMapper,
        // The defaults validate only /pk/ records. /ipns/ is what real networks store;
        // /test/ lets tests put plain values (keys without a namespace are rejected by js).
        validators: { ipns: ipnsValidator, test: testValidator },
        selectors: { ipns: ipnsSelector, test: testSelector }
      })
    }
  })
  await handlePerf(node)
  return node
}
