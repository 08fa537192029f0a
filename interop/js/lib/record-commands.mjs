// Commands that make and check signed records with js's own libraries, so a test can hand records
// created by js to jdht (and check jdht's records with js's validators): ipnsRecord, publicKey,
// validateIpnsRecord. Keys and records are base64 (standard alphabet, with padding).

import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createIPNSRecord, marshalIPNSRecord, multihashToIPNSRoutingKey, unmarshalIPNSRecord } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { bytesArg, count, required, InvalidArgumentError } from './args.mjs'

const KEY_TYPES = ['Ed25519', 'secp256k1', 'RSA', 'ECDSA']

function base64 (bytes) {
  return Buffer.from(bytes).toString('base64')
}

/**
 * The key named by the "keyType" argument: "self" (default) is the node's own key, any of
 * KEY_TYPES a new one (RSA 2048 bits, ECDSA P-256).
 */
async function keyArg (args, ownKey) {
  const type = args.keyType ?? 'self'
  if (type === 'self') return ownKey
  if (!KEY_TYPES.includes(type)) {
    throw new InvalidArgumentError(`argument "keyType" must be "self" or one of ${KEY_TYPES.join(', ')}, got ${JSON.stringify(type)}`)
  }
  return type === 'RSA' ? generateKeyPair('RSA', 2048) : generateKeyPair(type)
}

/** @param {import('@libp2p/interface').PrivateKey} ownKey the node's identity key */
export function recordCommands (ownKey) {
  return {
    /**
     * A public key record: the /pk/ routing key (from the key's multihash) and the key's protobuf.
     * Args: keyType (default "self"). → {peerId, key, publicKey}; peerId is null for key types
     * @libp2p/peer-id cannot make a peer id of (ECDSA: "Unsupported key type").
     */
    async publicKey (args) {
      const privateKey = await keyArg(args, ownKey)
      let peerId = null
      try {
        peerId = peerIdFromPrivateKey(privateKey).toString()
      } catch (err) {
        process.stderr.write(`publicKey: no peer id for a ${privateKey.type} key: ${err.message}\n`)
      }
      const key = new Uint8Array([...Buffer.from('/pk/'), ...privateKey.publicKey.toMultihash().bytes])
      return { peerId, key: base64(key), publicKey: base64(publicKeyToProtobuf(privateKey.publicKey)) }
    },

    /**
     * A signed IPNS record made by the `ipns` package. Args: value (a path such as /ipfs/<cid>),
     * sequence (default 0), lifetimeMs (default one hour), ttlNs (optional), keyType (default
     * "self"), v1Compatible (default true: V1 and V2 signatures and fields).
     * → {name (peer id), key (routing key), record, value, sequence, validity}
     */
    async ipnsRecord (args) {
      const value = required(args, 'value')
      const sequence = count(args, 'sequence', 0)
      const lifetimeMs = count(args, 'lifetimeMs', 3_600_000)
      const v1Compatible = args.v1Compatible ?? true
      if (typeof v1Compatible !== 'boolean') throw new InvalidArgumentError(`argument "v1Compatible" must be true or false, got ${JSON.stringify(v1Compatible)}`)
      const options = { v1Compatible }
      if (args.ttlNs != null) options.ttlNs = BigInt(count(args, 'ttlNs'))
      const privateKey = await keyArg(args, ownKey)
      const record = await createIPNSRecord(privateKey, value, sequence, lifetimeMs, options)
      const key = multihashToIPNSRoutingKey(privateKey.publicKey.toMultihash())
      return {
        name: peerIdFromPrivateKey(privateKey).toString(),
        key: base64(key),
        record: base64(marshalIPNSRecord(record)),
        value: record.value,
        sequence: record.sequence.toString(),
        validity: record.validity
      }
    },

    /**
     * Checks a record with js's IPNS validator (signature, key, expiry, V1/V2 agreement). Args: key,
     * record (base64). → {value, sequence, validity} of the record; fails with the validator's error.
     */
    async validateIpnsRecord (args) {
      const key = bytesArg(args, 'key')
      const bytes = bytesArg(args, 'record')
      await ipnsValidator(key, bytes)
      const record = unmarshalIPNSRecord(bytes)
      return { value: record.value, sequence: record.sequence.toString(), validity: record.validity }
    }
  }
}
