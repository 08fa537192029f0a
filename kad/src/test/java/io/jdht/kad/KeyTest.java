package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KeyTest {
    @Provide
    Arbitrary<Key> keys() {
        // mix fully random keys with keys that share long prefixes, so cpl and ties get exercised
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<byte[]> sparse = Arbitraries.of((byte) 0, (byte) 1, (byte) 0x80, (byte) 0xff)
                .array(byte[].class).ofSize(32);
        return Arbitraries.oneOf(random, sparse).map(Key::fromBits);
    }

    private static BigInteger big(Key k) {
        return new BigInteger(1, k.toBytes());
    }

    @Property(tries = 300)
    void distanceIsXorAsUnsignedNumber(@ForAll("keys") Key a, @ForAll("keys") Key b) {
        BigInteger expected = big(a).xor(big(b));
        assertThat(new BigInteger(1, a.distance(b).bytes())).isEqualTo(expected);
    }

    @Property(tries = 300)
    void distanceIsSymmetricAndZeroOnlyToItself(@ForAll("keys") Key a, @ForAll("keys") Key b) {
        assertThat(a.distance(b)).isEqualTo(b.distance(a));
        assertThat(a.distance(a).bytes()).containsOnly((byte) 0);
        assertThat(a.distance(b).equals(a.distance(a))).isEqualTo(a.equals(b));
    }

    @Property(tries = 300)
    void compareDistanceAgreesWithDistanceOrder(@ForAll("keys") Key a, @ForAll("keys") Key b, @ForAll("keys") Key target) {
        int byCompare = Integer.signum(a.compareDistance(b, target));
        int byDistance = Integer.signum(a.distance(target).compareTo(b.distance(target)));
        assertThat(byCompare).isEqualTo(byDistance);
        assertThat(Integer.signum(b.compareDistance(a, target))).isEqualTo(-byCompare);
        // distinct keys are never equally far from a target (XOR is a bijection)
        assertThat(byCompare == 0).isEqualTo(a.equals(b));
    }

    /** Keys that agree on their first 8 bytes: compareDistance must then read on past its 64-bit shortcut. */
    @Property(tries = 300)
    void compareDistanceReadsPastTheFirstEightBytes(@ForAll("keys") Key a, @ForAll("keys") Key b, @ForAll("keys") Key target) {
        byte[] bBits = b.toBytes();
        System.arraycopy(a.toBytes(), 0, bBits, 0, 8);
        Key b2 = Key.fromBits(bBits);
        int byCompare = Integer.signum(a.compareDistance(b2, target));
        assertThat(byCompare).isEqualTo(Integer.signum(a.distance(target).compareTo(b2.distance(target))));
        assertThat(byCompare == 0).isEqualTo(a.equals(b2));
    }

    @Property(tries = 200)
    void compareDistanceIsTransitive(@ForAll("keys") Key a, @ForAll("keys") Key b, @ForAll("keys") Key c,
            @ForAll("keys") Key target) {
        if (a.compareDistance(b, target) <= 0 && b.compareDistance(c, target) <= 0) {
            assertThat(a.compareDistance(c, target)).isLessThanOrEqualTo(0);
        } else {
            // the same chain under a different labelling: sort and check the sorted order is consistent
            Key[] sorted = {a, b, c};
            Arrays.sort(sorted, (x, y) -> x.compareDistance(y, target));
            assertThat(sorted[0].compareDistance(sorted[2], target)).isLessThanOrEqualTo(0);
            assertThat(sorted[0].distance(target).compareTo(sorted[1].distance(target))).isLessThanOrEqualTo(0);
            assertThat(sorted[1].distance(target).compareTo(sorted[2].distance(target))).isLessThanOrEqualTo(0);
        }
    }

    @Property(tries = 300)
    void xorTriangleInequality(@ForAll("keys") Key a, @ForAll("keys") Key b, @ForAll("keys") Key c) {
        // d(a,c) = d(a,b) xor d(b,c) <= d(a,b) + d(b,c)
        BigInteger ab = new BigInteger(1, a.distance(b).bytes());
        BigInteger bc = new BigInteger(1, b.distance(c).bytes());
        BigInteger ac = new BigInteger(1, a.distance(c).bytes());
        assertThat(ac).isEqualTo(ab.xor(bc));
        assertThat(ac).isLessThanOrEqualTo(ab.add(bc));
    }

    @Property(tries = 300)
    void commonPrefixLengthMatchesLeadingZerosOfDistance(@ForAll("keys") Key a, @ForAll("keys") Key b) {
        BigInteger d = new BigInteger(1, a.distance(b).bytes());
        int expected = d.signum() == 0 ? 256 : 256 - d.bitLength();
        assertThat(a.commonPrefixLength(b)).isEqualTo(expected).isEqualTo(b.commonPrefixLength(a));
    }

    @Property(tries = 300)
    void longerCommonPrefixMeansCloser(@ForAll("keys") Key a, @ForAll("keys") Key b, @ForAll("keys") Key target) {
        int ca = a.commonPrefixLength(target);
        int cb = b.commonPrefixLength(target);
        if (ca > cb) {
            assertThat(a.compareDistance(b, target)).isNegative();
        } else if (ca < cb) {
            assertThat(a.compareDistance(b, target)).isPositive();
        }
    }

    @Property(tries = 100)
    void commonPrefixLengthOfOneFlippedBit(@ForAll("keys") Key a, @ForAll @IntRange(min = 0, max = 255) int bit) {
        byte[] flipped = a.toBytes();
        flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        assertThat(a.commonPrefixLength(Key.fromBits(flipped))).isEqualTo(bit);
    }

    @Property(tries = 60)
    void randomPreimageHasTheRequestedCommonPrefixLength(@ForAll("keys") Key base,
            @ForAll @IntRange(min = 0, max = 10) int cpl, @ForAll long seed) {
        Optional<byte[]> preimage = Key.randomPreimage(base, cpl, new Random(seed), 1 << 16);
        assertThat(preimage).isPresent();
        assertThat(preimage.get()).hasSize(Key.BYTES);
        assertThat(Key.of(preimage.get()).commonPrefixLength(base)).isEqualTo(cpl);
    }

    @Test
    void randomPreimageGivesUpAfterMaxTries() {
        Key base = Key.fromBits(new byte[32]);
        // cpl 200 is out of reach of 10 tries (probability 2^-201 each)
        assertThat(Key.randomPreimage(base, 200, new Random(1), 10)).isEmpty();
        assertThat(Key.randomPreimage(base, 0, new Random(1), 0)).isEmpty();
        assertThatThrownBy(() -> Key.randomPreimage(base, 256, new Random(1), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Key.randomPreimage(base, -1, new Random(1), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyOfPeerIsSha256OfTheIdBytes() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            PeerId hashed = TestPeers.randomPeer(random);
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            PeerId inline = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());
            for (PeerId p : new PeerId[] {hashed, inline}) {
                byte[] expected = MessageDigest.getInstance("SHA-256").digest(p.toBytes());
                assertThat(Key.of(p).toBytes()).isEqualTo(expected);
                assertThat(Key.of(p)).isEqualTo(Key.of(p.toBytes())).isEqualTo(Key.fromBits(expected));
            }
        }
    }

    @Test
    void keyOfBytesIsSha256AndFromBitsIsVerbatim() throws Exception {
        byte[] raw = "/pk/hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Key.of(raw).toBytes()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(raw));
        byte[] bits = new byte[32];
        bits[31] = 7;
        Key k = Key.fromBits(bits);
        bits[31] = 8; // fromBits copies
        assertThat(k.toBytes()[31]).isEqualTo((byte) 7);
        k.toBytes()[0] = 1; // toBytes copies
        assertThat(k.toBytes()[0]).isZero();
        assertThatThrownBy(() -> Key.fromBits(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Key.fromBits(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knownCommonPrefixLengths() {
        byte[] zero = new byte[32];
        byte[] top = new byte[32];
        top[0] = (byte) 0x80;
        byte[] last = new byte[32];
        last[31] = 1;
        Key z = Key.fromBits(zero);
        assertThat(z.commonPrefixLength(z)).isEqualTo(256);
        assertThat(z.commonPrefixLength(Key.fromBits(top))).isZero();
        assertThat(z.commonPrefixLength(Key.fromBits(last))).isEqualTo(255);
        assertThat(Key.fromBits(last).compareDistance(Key.fromBits(top), z)).isNegative();
    }

    @Property(tries = 200)
    void naturalOrderIsUnsignedBigEndian(@ForAll("keys") Key a, @ForAll("keys") Key b) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(big(a).compareTo(big(b)));
        assertThat(a.equals(b)).isEqualTo(a.hashCode() == b.hashCode() && Arrays.equals(a.toBytes(), b.toBytes()));
    }
}
