/**
 * UnixFS files as Kubo builds them: the dag-pb block format, the UnixFS {@code Data} message, and
 * an importer whose root CIDs are the ones {@code ipfs add} prints.
 *
 * <h2>The two formats</h2>
 *
 * <p>A <b>dag-pb</b> block ({@link PbNode}) is a protobuf message with a list of links (field 2)
 * and optional opaque data (field 1). Each link ({@link PbLink}) holds the child's binary CID
 * (field 1), an optional name (2) and an optional Tsize (3), the cumulative size of the child's
 * DAG. Because the CID is a hash of the bytes, the encoding must be exactly the one other
 * implementations write: links before data (not the field-number order that generated protobuf
 * code uses, which is why the encoding here is written by hand), link fields in number order,
 * absent fields left out. {@link DagPbEncoder} writes that form; {@link DagPbDecoder} reads it with
 * the strictness the dag-pb spec asks for, within {@link DagPbLimits}.
 *
 * <p>The <b>UnixFS {@code Data}</b> message ({@link UnixFsData}) sits in a dag-pb node's data and
 * says what the node is: its {@link UnixFsType type} (Raw 0, Directory 1, File 2, Metadata 3,
 * Symlink 4, HAMTShard 5) and, for a file, its bytes (field 2), its total length ({@code filesize},
 * 3) and the length under each link ({@code blocksizes}, 4, one unpacked field per link); HAMT
 * shards add {@code hashType} (5) and {@code fanout} (6); any node may carry {@code mode} (7) and
 * {@code mtime} (8).
 *
 * <h2>Importing a file</h2>
 *
 * <p>{@link UnixFsImporter} cuts the input into chunks of {@link ImportOptions#chunkSize()} bytes
 * (262144 by default), each full but the last, and turns each into a leaf: by default (CIDv0, as
 * Kubo) a dag-pb node whose data is a UnixFS File holding the chunk and its length; with raw leaves
 * (Kubo's default for {@code --cid-version=1}) the chunk itself, a block of codec {@code raw} named
 * by a CIDv1.
 *
 * <p>The leaves are joined in the <b>balanced layout</b>: in order, at most
 * {@link ImportOptions#maxLinks()} (174 by default) at a time under a dag-pb node of UnixFS type
 * File whose links have the empty name {@code ""} and the child's cumulative size, and whose data
 * lists each child's content length ({@code blocksizes}) and their sum ({@code filesize}). Those
 * nodes are joined the same way, level by level, until one is left: the root. So all leaves are
 * at the same depth, every node is full except the last one of each level, and 175 chunks give a
 * root with two links, to a node of 174 leaves and a node of one. A file of one chunk has no inner
 * node: the leaf is the root (for an empty file, a leaf of zero bytes). {@link BalancedTree} builds
 * this shape while the chunks stream in, holding only the unfinished node of each level.
 *
 * <p>Every block goes to a {@link BlockSink} as soon as it is made. {@link EmptyDirectory} is the
 * node a new directory starts from.
 */
package io.jdht.daemon.unixfs;
