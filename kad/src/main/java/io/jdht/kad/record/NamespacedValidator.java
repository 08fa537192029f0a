package io.jdht.kad.record;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Dispatches records to the validator of their key's namespace: the text between a key's first
 * two slashes ({@code pk} in {@code /pk/…}). Immutable once built, so one instance can be shared.
 *
 * <p>A key under a namespace nobody registered ({@code /demo/x}) is refused, as go-libp2p and
 * js-libp2p refuse it. A key with no namespace at all ({@code QmUNLL…}, the seed's own example) is
 * taken unvalidated, as js-libp2p takes it and the seed's API expects, but only with a small value
 * ({@link #DEFAULT_UNNAMESPACED_VALUE_LIMIT}): a value nobody can check is one anybody can fill a
 * store with, so it is kept small, and each peer's quota bounds how many it may leave
 * ({@link StoreLimits}). {@linkplain Builder#strict Strict} mode refuses such keys too, as go-libp2p
 * does. The empty key is refused in any mode (by the node, whatever the validator).
 */
public final class NamespacedValidator implements RecordValidator {
    /** The largest value taken under a key with no namespace, unless the builder says otherwise. */
    public static final int DEFAULT_UNNAMESPACED_VALUE_LIMIT = 1024;

    private final Map<String, RecordValidator> validators;
    private final boolean strict;
    private final int unnamespacedValueLimit;

    private NamespacedValidator(Map<String, RecordValidator> validators, boolean strict, int unnamespacedValueLimit) {
        this.validators = Map.copyOf(validators);
        this.strict = strict;
        this.unnamespacedValueLimit = unnamespacedValueLimit;
    }

    /**
     * A builder with {@code pk} ({@link PublicKeyValidator}) and {@code ipns} ({@link IpnsValidator})
     * registered, taking small values under keys with no namespace.
     */
    public static Builder builder() {
        return new Builder().register("pk", new PublicKeyValidator()).register("ipns", new IpnsValidator());
    }

    /**
     * The key's namespace: the bytes after a leading '/' up to the next '/', which must be
     * followed by at least one byte. Empty for keys not of that form, and for a namespace that is
     * empty or not UTF-8.
     */
    public static Optional<String> namespace(byte[] key) {
        if (key.length < 3 || key[0] != '/') {
            return Optional.empty();
        }
        int end = 1;
        while (end < key.length && key[end] != '/') {
            end++;
        }
        if (end == 1 || end >= key.length - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key, 1, end - 1))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whether keys with no namespace are refused too (go-libp2p's rule). */
    public boolean strict() {
        return strict;
    }

    /** The largest value taken under a key with no namespace (when not strict). */
    public int unnamespacedValueLimit() {
        return unnamespacedValueLimit;
    }

    /** The validator registered for a namespace. */
    public Optional<RecordValidator> validator(String namespace) {
        return Optional.ofNullable(validators.get(namespace));
    }

    @Override
    public void validate(byte[] key, byte[] value, Instant now) throws InvalidRecordException {
        Optional<String> namespace = namespace(key);
        Optional<RecordValidator> validator = namespace.map(validators::get);
        if (validator.isPresent()) {
            validator.get().validate(key, value, now);
            return;
        }
        String registered = validators.keySet().stream().sorted().map(ns -> "/" + ns + "/").toList().toString();
        if (namespace.isPresent()) {
            throw new InvalidRecordException("namespace '" + namespace.get() + "' is not registered; namespaced records"
                    + " are accepted only under " + registered);
        }
        if (key.length == 0) {
            throw new InvalidRecordException("the key is empty");
        }
        if (strict) {
            throw new InvalidRecordException("the key has no namespace (it is not /<namespace>/<name>); records are"
                    + " accepted only under " + registered);
        }
        if (value.length > unnamespacedValueLimit) {
            throw new InvalidRecordException("the key has no namespace, and such a key takes a value of at most "
                    + unnamespacedValueLimit + " bytes, not " + value.length + " (larger values go under a namespace"
                    + " a validator checks, " + registered + " or one of your own)");
        }
    }

    /** The namespaces registered, sorted. */
    public List<String> namespaces() {
        return validators.keySet().stream().sorted().toList();
    }

    /** The namespace's choice; 0 (the first) for keys with no namespace. */
    @Override
    public int select(byte[] key, List<byte[]> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to select from");
        }
        return validatorFor(key).map(v -> v.select(key, values)).orElse(0);
    }

    private Optional<RecordValidator> validatorFor(byte[] key) {
        return namespace(key).map(validators::get);
    }

    /** Collects namespaces; registering a namespace again replaces its validator. */
    public static final class Builder {
        private final Map<String, RecordValidator> validators = new HashMap<>();
        private boolean strict;
        private int unnamespacedValueLimit = DEFAULT_UNNAMESPACED_VALUE_LIMIT;

        private Builder() {}

        /**
         * @param namespace non-empty, without '/'
         */
        public Builder register(String namespace, RecordValidator validator) {
            Objects.requireNonNull(validator, "validator");
            if (namespace.isEmpty() || namespace.indexOf('/') >= 0) {
                throw new IllegalArgumentException("a namespace is non-empty and has no '/': '" + namespace + "'");
            }
            validators.put(namespace, validator);
            return this;
        }

        /** Whether to refuse keys with no namespace too, as go-libp2p does (default false). */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /** The largest value taken under a key with no namespace (default {@value NamespacedValidator#DEFAULT_UNNAMESPACED_VALUE_LIMIT} bytes). */
        public Builder unnamespacedValueLimit(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("unnamespacedValueLimit must not be negative: " + bytes);
            }
            this.unnamespacedValueLimit = bytes;
            return this;
        }

        public NamespacedValidator build() {
            return new NamespacedValidator(validators, strict, unnamespacedValueLimit);
        }
    }
}
