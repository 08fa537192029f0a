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
 * <p>Keys the registry has no validator for (no namespace, or an unregistered one) are rejected
 * by default. go-libp2p rejects both kinds, js-libp2p rejects an unregistered namespace (and lets
 * a key with no namespace at all through); jdht follows go. A record nobody can check is a record
 * anybody can fill a store with, and most of the network would not take it anyway. A private
 * network that wants opaque values registers a namespace for them. {@linkplain Builder#strict
 * Non-strict} mode (what rust-libp2p's store does) remains for experiments: such keys are then
 * accepted unvalidated and {@link #select} keeps the first value.
 */
public final class NamespacedValidator implements RecordValidator {
    private final Map<String, RecordValidator> validators;
    private final boolean strict;

    private NamespacedValidator(Map<String, RecordValidator> validators, boolean strict) {
        this.validators = Map.copyOf(validators);
        this.strict = strict;
    }

    /** A builder with {@code pk} ({@link PublicKeyValidator}) and {@code ipns} ({@link IpnsValidator}) registered, strict. */
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

    /** Whether keys without a registered validator are rejected (the default). */
    public boolean strict() {
        return strict;
    }

    /** The validator registered for a namespace. */
    public Optional<RecordValidator> validator(String namespace) {
        return Optional.ofNullable(validators.get(namespace));
    }

    @Override
    public void validate(byte[] key, byte[] value, Instant now) throws InvalidRecordException {
        Optional<RecordValidator> validator = validatorFor(key);
        if (validator.isPresent()) {
            validator.get().validate(key, value, now);
        } else if (strict) {
            String registered = validators.keySet().stream().sorted().map(ns -> "/" + ns + "/").toList().toString();
            throw new InvalidRecordException(namespace(key)
                    .map(ns -> "namespace '" + ns + "' is not registered")
                    .orElse(key.length == 0 ? "the key is empty" : "the key has no namespace (it is not /<namespace>/<name>)")
                    + "; records are accepted only under " + registered);
        }
    }

    /** The namespaces registered, sorted. */
    public List<String> namespaces() {
        return validators.keySet().stream().sorted().toList();
    }

    /** The namespace's choice; 0 for keys without a validator, in either mode. */
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
        private boolean strict = true;

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

        /** Whether to reject keys that have no registered validator (default true). */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        public NamespacedValidator build() {
            return new NamespacedValidator(validators, strict);
        }
    }
}
