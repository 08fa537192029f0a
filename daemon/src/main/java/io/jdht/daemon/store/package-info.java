/**
 * The datastore: what a daemon node keeps across restarts, in one embedded MVStore file
 * ({@code <repo>/datastore/datastore.mv.db}).
 *
 * <p><b>What is kept.</b> Value records and provider records (the DHT's stores), blocks, the keys
 * this node provides and the records it put (so reprovide and republish carry on after a
 * restart), the routing table with the peer-store entries of its peers (addresses, protocols,
 * agent, and the public key when the peer id does not hold it), and a small key-value map for the
 * daemon's own state. Each kind has its own named map ({@code Maps}); entries are laid out by
 * {@code Codec}.
 *
 * <p><b>The model: in memory, written behind.</b> The kad stores are synchronous and belong to
 * the node's DHT thread, which must never wait for a disk. So records and provider records live in
 * the ordinary in-memory stores ({@link io.jdht.kad.record.InMemoryRecordStore},
 * {@link io.jdht.kad.record.InMemoryProviderStore}, compact enough for a million provider records),
 * and every change they make is reported to a listener that hands it to the writer as a journal
 * entry. The engine's {@link io.jdht.kad.RenewalLog} does the same for provided keys and put
 * records. The rules (48 h for records and providers, 24 h for provider addresses, the caps) are
 * the in-memory stores' own: the datastore only mirrors what they decide, including at open,
 * where everything is loaded through them and what they drop as expired is deleted from the file.
 * Blocks are the exception: they can be large and many, so they stay on disk and are read from the
 * caller's thread.
 *
 * <p><b>Threads.</b> One writer thread ({@code jdht-datastore-writer}) applies all changes to the
 * maps and commits, in batches of up to 10 000 entries per commit. The DHT thread only queues
 * entries (never blocks, never encodes); blocks and the state map queue a change and wait for its
 * commit on the caller's thread, which therefore must be one that may block, never a Netty event
 * loop or the DHT thread. Expiry stays incremental: the engine sweeps a slice of about a thousand
 * keys per store per DHT task, and each deletion it makes is one more journal entry.
 *
 * <p><b>Durability rule.</b> A change is durable once it is committed to the file: MVStore then
 * has written it to the operating system, which keeps it if the process dies, kill -9 included.
 * {@link io.jdht.daemon.store.Datastore#sync()} completes once everything queued before it is
 * committed. So: <em>an acknowledged put, provide, block/put or name/publish survives kill -9</em>,
 * where the daemon acknowledges a put, provide or name/publish only after the operation finished
 * and a following {@code sync()} completed, and a block/put once {@code Blockstore.put} returned
 * (it waits for its own commit). Nothing is forced to the disk ({@code fsync}): a power loss or an
 * operating-system crash can lose the commits of the last seconds. MVStore then opens at the last
 * complete commit, a consistent older state; the commit marker (below) reports that rather than
 * hiding it.
 *
 * <p><b>Refusing to lose data.</b> Opening never creates a new store over an existing file and
 * never deletes anything. A file another process holds (MVStore locks it) gives
 * {@link io.jdht.daemon.store.DatastoreException.InUse}; a file that does not parse, is not a jdht
 * datastore, has a damaged entry, or opens at an older version than the commit marker
 * ({@code datastore.committed}, rewritten by the writer at most once a second and at close) says
 * was committed gives {@link io.jdht.daemon.store.DatastoreException.Unreadable}. The file is
 * first opened read-only for these checks, so a refused file is left as it was. The marker is what
 * catches a truncated file or a damaged tail, which MVStore alone would silently roll back from.
 *
 * <p>A write that fails (disk full, I/O error) stops the writer: every later {@code sync()}
 * fails, so nothing more is acknowledged, and the node keeps serving from memory.
 */
package io.jdht.daemon.store;
