/**
 * DHT records: what a node accepts under a key, which of several values it keeps, and how long
 * it holds values and provider announcements.
 *
 * <p><b>Namespaces.</b> A value key is {@code /<namespace>/<rest>}; the namespace picks the
 * {@link io.jdht.kad.record.RecordValidator}. {@link io.jdht.kad.record.NamespacedValidator} holds
 * the registry, preloaded with {@code pk} ({@link io.jdht.kad.record.PublicKeyValidator}: the value
 * is the public key whose peer id follows the prefix) and {@code ipns}
 * ({@link io.jdht.kad.record.IpnsValidator}: a signed {@link io.jdht.kad.record.IpnsRecord} of the
 * name that follows the prefix). Keys under an unregistered namespace, and the empty key, are
 * refused; keys with no namespace take small values unvalidated (see
 * {@link io.jdht.kad.record.NamespacedValidator}).
 *
 * <p><b>Validation</b> is pure: a validator reads its arguments and nothing else, and time comes
 * in as {@code now}. Every decoder here is bounded before it allocates (IPNS records at 10 KiB,
 * CBOR lengths against the bytes that remain, nesting depth) and reports a bad record with the
 * checked {@link io.jdht.kad.record.InvalidRecordException}, whose message says what was wrong.
 * IPNS validation follows the spec's "Record Verification": V2 signature over the DAG-CBOR data,
 * V1 protobuf copies checked against the signed data, the V1 signature never trusted.
 *
 * <p><b>Selection.</b> When several valid values meet, {@code select} returns the index of the
 * one to keep; a tie goes to the lowest index, so a caller that puts its own value first keeps it
 * unless something strictly better arrives. IPNS ranks by sequence, then EOL, then bytes, so that
 * all nodes converge on one record; public keys are all equal and the first is kept.
 *
 * <p><b>Stores</b> hold values for 48 hours and provider records for 48 hours (their addresses
 * for 24), keyed by content, bounded in count and in estimated bytes
 * ({@link io.jdht.kad.record.StoreLimits}): a full store refuses new writes with
 * {@link io.jdht.kad.record.StoreFullException} rather than evicting what it holds. Each peer
 * also has a quota of its own, in count and bytes, charged with what its PUT_VALUE and
 * ADD_PROVIDER messages stored; a peer over it loses its own oldest entries, never anyone
 * else's. This node's own entries are held to the totals only. They are not
 * thread-safe; one node's DHT state belongs to one thread at a time. Expired entries are swept in
 * bounded slices ({@link io.jdht.kad.record.Sweep}), a rotation over the keys that resumes where
 * the last slice stopped, so a store of millions of keys never holds the DHT thread for long. The
 * in-memory stores report every change to a listener
 * ({@link io.jdht.kad.record.RecordStoreListener}, {@link io.jdht.kad.record.ProviderStoreListener}):
 * that is how a persistent copy elsewhere follows them without this package doing any I/O.
 */
package io.jdht.kad.record;
