// Imports files as UnixFS with ipfs-unixfs-importer and prints their root CIDs, so that jdht's
// importer (io.jdht.daemon.unixfs) can be checked against the js one (interop UnixFsInteropTest).
//
//   node unixfs-cids.mjs --options kubo-v0|kubo-v1 FILE…
//
//   kubo-v0   what `ipfs add` does by default: CIDv0, dag-pb leaves of UnixFS type file
//   kubo-v1   what `ipfs add --cid-version=1` does: raw leaves (CIDv1 raw), CIDv1 dag-pb parents
//
// Both use the fixed-size chunker of 262144 bytes, the balanced layout with at most 174 links a
// node, and a file that fits one chunk is its own root. The options are spelled out here rather
// than left to the importer's defaults (which are CIDv1 with raw leaves), so that a change of the
// library's defaults cannot quietly change what is being compared.
//
// For each file, in order, one JSON line on stdout: {"file":"…","cid":"…","size":N}, where size is
// the cumulative DAG size the importer reports. Errors go to stderr with exit code 1 (bad
// arguments: 2). The files are streamed from disk; the blocks go to an in-memory blockstore that is
// dropped after each file.

import { createReadStream } from 'node:fs'
import { parseArgs } from 'node:util'
import { MemoryBlockstore } from 'blockstore-core'
import { importFile } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'

const CHUNK_SIZE = 262144
const MAX_LINKS = 174

const OPTION_SETS = {
  'kubo-v0': { cidVersion: 0, rawLeaves: false },
  'kubo-v1': { cidVersion: 1, rawLeaves: true }
}

function usage (message) {
  process.stderr.write(`unixfs-cids.mjs: ${message}\nusage: node unixfs-cids.mjs --options ${Object.keys(OPTION_SETS).join('|')} FILE…\n`)
  process.exit(2)
}

let parsed
try {
  parsed = parseArgs({ options: { options: { type: 'string' } }, allowPositionals: true })
} catch (err) {
  usage(err.message)
}
const chosen = OPTION_SETS[parsed.values.options]
if (chosen == null) usage(`--options must be one of ${Object.keys(OPTION_SETS).join(', ')}, got ${JSON.stringify(parsed.values.options)}`)
if (parsed.positionals.length === 0) usage('no files given')

const importerOptions = {
  ...chosen,
  leafType: 'file',
  reduceSingleLeafToSelf: true,
  wrapWithDirectory: false,
  chunker: fixedSize({ chunkSize: CHUNK_SIZE }),
  layout: balanced({ maxChildrenPerNode: MAX_LINKS })
}

try {
  for (const file of parsed.positionals) {
    const entry = await importFile({ content: createReadStream(file) }, new MemoryBlockstore(), importerOptions)
    process.stdout.write(JSON.stringify({ file, cid: entry.cid.toString(), size: Number(entry.size) }) + '\n')
  }
} catch (err) {
  process.stderr.write(`unixfs-cids.mjs: ${err?.stack ?? err}\n`)
  process.exit(1)
}
