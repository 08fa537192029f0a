// Reading command arguments. Every check fails with an InvalidArgumentError that names the argument
// and shows what was wrong, so a test's failure message says which call was malformed.

import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'

export class InvalidArgumentError extends Error {
  name = 'InvalidArgumentError'
}

/** An argument that must be present and of the given JSON type. */
export function required (args, name, type = 'string') {
  const value = args[name]
  if (value == null) throw new InvalidArgumentError(`missing argument "${name}"`)
  if (typeof value !== type) throw new InvalidArgumentError(`argument "${name}" must be a ${type}, got ${JSON.stringify(value)}`)
  return value
}

/** A non-negative whole number that JavaScript holds exactly (up to 2^53 - 1). */
export function count (args, name, fallback) {
  const value = args[name] ?? fallback
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`argument "${name}" must be a whole number from 0 to 2^53-1, got ${JSON.stringify(value)}`)
  }
  return value
}

/** An AbortSignal that fires after the "timeoutMs" argument, or `fallbackMs` without one. */
export function deadline (args, fallbackMs) {
  return AbortSignal.timeout(count(args, 'timeoutMs', fallbackMs))
}

/** "addr" as a multiaddr; it should end in /p2p/<peer id> so the dial checks who answers. */
export function addrArg (args) {
  const text = required(args, 'addr')
  try {
    return multiaddr(text)
  } catch (err) {
    throw new InvalidArgumentError(`argument "addr" is not a multiaddr (${err.message}): ${JSON.stringify(text)}`)
  }
}

export function peerIdArg (args, name = 'peerId') {
  const text = required(args, name)
  try {
    return peerIdFromString(text)
  } catch (err) {
    throw new InvalidArgumentError(`argument "${name}" is not a peer id (${err.message}): ${JSON.stringify(text)}`)
  }
}

export function cidArg (args, name = 'cid') {
  const text = required(args, name)
  try {
    return CID.parse(text)
  } catch (err) {
    throw new InvalidArgumentError(`argument "${name}" is not a CID (${err.message}): ${JSON.stringify(text)}`)
  }
}

/** Bytes given as standard base64 (with padding). */
export function bytesArg (args, name) {
  const text = required(args, name)
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new InvalidArgumentError(`argument "${name}" must be standard base64, got ${JSON.stringify(text.slice(0, 60))}`)
  }
  return new Uint8Array(Buffer.from(text, 'base64'))
}
