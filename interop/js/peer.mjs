// A js-libp2p node that jdht's interop tests and benchmarks drive (io.jdht.bench.JsPeer).
//
//   node peer.mjs [--port N] [--seed HEX] [--dht-client]
//
//   --port N        TCP port on 127.0.0.1 (default 0: any free port)
//   --seed HEX      64 hex digits: the Ed25519 seed of the node's key, so a test knows its peer id
//                   in advance (default: a random key)
//   --dht-client    start the DHT in client mode (default: server mode)
//
// Once listening it prints {"event":"ready","peerId":"…","addrs":["/ip4/127.0.0.1/tcp/…/p2p/…"]} on
// stdout, then answers JSON-line commands from stdin (lib/json-lines.mjs; commands in lib/commands.mjs,
// lib/dht-commands.mjs and lib/record-commands.mjs). It exits when stdin closes, so a test process
// that dies cannot leave it running, or on the "stop" command. Logs go to stderr; stdout carries
// only protocol lines.

import { parseArgs } from 'node:util'
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { createPeer } from './lib/node.mjs'
import { emit, serve } from './lib/json-lines.mjs'
import { connectionCommands } from './lib/commands.mjs'
import { dhtCommands } from './lib/dht-commands.mjs'
import { recordCommands } from './lib/record-commands.mjs'

// A library that logs with console.log must not corrupt the protocol on stdout.
console.log = console.info = console.debug = console.error

// A stray rejection deep inside libp2p (an aborted dial, a reset stream) should be logged, not kill
// the peer in the middle of a test; a genuinely broken peer still shows up as failing commands.
process.on('unhandledRejection', err => process.stderr.write(`unhandled rejection: ${err?.stack ?? err}\n`))
// The reader of stdout is gone (the test process died): nobody can use this peer any more.
process.stdout.on('error', () => process.exit(1))

function usage (message) {
  process.stderr.write(`peer.mjs: ${message}\nusage: node peer.mjs [--port N] [--seed HEX64] [--dht-client]\n`)
  process.exit(2)
}

let flags
try {
  flags = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      seed: { type: 'string' },
      'dht-client': { type: 'boolean', default: false }
    }
  }).values
} catch (err) {
  usage(err.message)
}

const port = Number(flags.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be 0..65535, got ${flags.port}`)
if (flags.seed != null && !/^[0-9a-fA-F]{64}$/.test(flags.seed)) usage('--seed must be 64 hex digits (32 bytes)')

const privateKey = flags.seed != null
  ? await generateKeyPairFromSeed('Ed25519', Uint8Array.from(Buffer.from(flags.seed, 'hex')))
  : await generateKeyPair('Ed25519')

const node = await createPeer({ privateKey, port, dhtClient: flags['dht-client'] })

let stopping = false
async function shutdown (code) {
  if (stopping) return
  stopping = true
  // node.stop() waits for connections to close; never let that keep the process alive for long.
  setTimeout(() => process.exit(code), 5_000).unref()
  try {
    await node.stop()
  } catch (err) {
    process.stderr.write(`stop: ${err.message}\n`)
  }
  process.exit(code)
}
process.on('SIGTERM', () => shutdown(0))
process.on('SIGINT', () => shutdown(0))

// More command groups (e.g. for another protocol) are just more entries in this object.
serve({ ...connectionCommands(node, shutdown), ...dhtCommands(node), ...recordCommands(privateKey) }, () => shutdown(0))

emit({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(a => a.toString()) })
