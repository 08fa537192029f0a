// The control protocol between a test and this peer: JSON lines over stdin/stdout.
//
// Each input line is one command object {"id": <number|string>, "cmd": "<name>", ...arguments}.
// Each command gets exactly one answer line carrying the same id:
//   {"id": 1, "ok": true, ...result}          or
//   {"id": 1, "ok": false, "error": "<message>", "errorName": "<js error name>"}
// Commands run concurrently (a long perf run does not block a ping), so answers may come out of order;
// the id is what pairs them up. Lines that are not JSON objects with an id get an answer with id null.
// Unsolicited lines carry "event" instead of "id" (today only the "ready" line).
//
// stdout carries nothing but these lines: the caller parses every line of it.

import { createInterface } from 'node:readline'

/** Writes one JSON line on stdout. BigInts (libp2p uses them for sequence numbers) become strings. */
export function emit (message) {
  process.stdout.write(JSON.stringify(message, (_, v) => typeof v === 'bigint' ? v.toString() : v) + '\n')
}

/**
 * Reads commands from stdin and answers each with handlers[cmd](args). `onEnd` runs once stdin closes:
 * that is how a peer whose test process died (taking its end of the pipe with it) finds out and exits.
 */
export function serve (handlers, onEnd) {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  lines.on('line', line => {
    if (line.trim() !== '') {
      answer(handlers, line).catch(err => process.stderr.write(`json-lines: could not answer: ${err.stack ?? err}\n`))
    }
  })
  lines.on('close', onEnd)
}

async function answer (handlers, line) {
  let msg
  try {
    msg = JSON.parse(line)
  } catch {
    emit({ id: null, ok: false, error: `not JSON: ${line.slice(0, 100)}`, errorName: 'SyntaxError' })
    return
  }
  if (msg == null || typeof msg !== 'object' || Array.isArray(msg) || !('id' in msg)) {
    emit({ id: null, ok: false, error: `a command must be a JSON object with an "id": ${line.slice(0, 100)}`, errorName: 'InvalidCommand' })
    return
  }
  const { id, cmd, ...args } = msg
  // Own properties only, so "toString" or "__proto__" are unknown commands rather than crashes.
  const handler = Object.hasOwn(handlers, cmd) ? handlers[cmd] : undefined
  if (typeof handler !== 'function') {
    emit({ id, ok: false, error: `unknown command ${JSON.stringify(cmd)}; known: ${Object.keys(handlers).sort().join(', ')}`, errorName: 'UnknownCommand' })
    return
  }
  try {
    const result = await handler(args)
    emit({ id, ok: true, ...result })
  } catch (err) {
    emit({ id, ok: false, error: describe(err), errorName: err?.name ?? 'Error' })
  }
}

/** One-line description of a failure, with the causes libp2p wraps (AggregateError, err.cause). */
function describe (err) {
  if (err == null) return 'unknown error'
  let text = err.message || String(err)
  if (Array.isArray(err.errors) && err.errors.length > 0) {
    text += ` [${err.errors.map(e => e?.message ?? String(e)).join('; ')}]`
  }
  if (err.cause != null && err.cause.message != null && !text.includes(err.cause.message)) {
    text += ` (cause: ${err.cause.message})`
  }
  return text
}
