package io.jdht.bench.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.kad.wire.KadCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The attack bench's small helpers: its command line, its statistics, its reading of metrics, its crafted messages. */
class AttackHelpersTest {
    @Test
    void parsesAttackAndOptions() {
        Options o = Options.parse("hold", "--count", "1,100", "--heap=256m", "--keep", "--duration", "90s");
        assertThat(o.attack()).isEqualTo("hold");
        assertThat(o.integer("count", 0)).isEqualTo(1100);
        assertThat(o.string("heap", "512m")).isEqualTo("256m");
        assertThat(o.has("keep")).isTrue();
        assertThat(o.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.integer("parallel", 64)).isEqualTo(64);
        assertThatThrownBy(() -> Options.parse("--count", "3")).hasMessageContaining("name an attack");
        assertThatThrownBy(() -> Options.parse("hold", "extra")).hasMessageContaining("unexpected");
    }

    @Test
    void sizesAndDurations() {
        assertThat(Options.parseBytes("100k")).isEqualTo(100 << 10);
        assertThat(Options.parseBytes("4m-1")).isEqualTo((4 << 20) - 1);
        assertThat(Options.parseBytes("4MiB")).isEqualTo(4 << 20);
        assertThat(Options.parseBytes("512")).isEqualTo(512);
        assertThat(Options.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Options.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.parseDuration("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Attack.Size.of((4 << 20) - 1)).isEqualTo("4MiB-1");
        assertThat(Attack.Size.of(100 << 10)).isEqualTo("100KiB");
        assertThat(Attack.Size.of(300)).isEqualTo("300B");
    }

    @Test
    void scaleShrinksDefaultCountsOnly() {
        Options o = Options.parse("all", "--scale", "0.1", "--streams", "7");
        Attack.Context c = new Attack.Context(null, null, null, o, Duration.ofSeconds(1));
        assertThat(c.count("count", 6000)).isEqualTo(600);
        assertThat(c.count("streams", 256)).isEqualTo(7);
        assertThat(c.integer("protocols", 600)).isEqualTo(600);
        assertThat(c.parameters()).isEqualTo("duration=1s count=600 streams=7 protocols=600");
    }

    @Test
    void quantilesOfSuccessesOnly() {
        Samples s = new Samples("ping");
        for (int ms = 1; ms <= 10; ms++) {
            s.ok(ms * 1_000_000L);
        }
        s.failed();
        assertThat(s.quantileMs(0.5)).isEqualTo(5.0);
        assertThat(s.quantileMs(1)).isEqualTo(10.0);
        assertThat(s.summary()).isEqualTo("ping 10/11 p50 5.0 ms max 10.0 ms");
        assertThat(new Samples("get").summary()).isEqualTo("get 0/0");
    }

    @Test
    void sumsPrometheusSeries() {
        String page = """
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E7
                jdht_connections 12.0
                jdht_connections_total 99.0
                """;
        assertThat(Target.sum(page, "jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(3.5e7);
        assertThat(Target.sum(page, "jdht_connections", "")).isEqualTo(12.0);
        assertThat(Target.sum(page, "jdht_streams", "")).isNaN();
    }

    @Test
    void unknownFieldsMessageIsAValidFindNodeThatJdhtRefuses() throws Exception {
        byte[] m = UnknownFieldsAttack.message(1 << 16);
        assertThat(m.length).isLessThanOrEqualTo(1 << 16).isGreaterThan((1 << 16) - 6);
        assertThat(UnknownFieldsAttack.unknownFields(1 << 16)).isGreaterThan(10_000);
        // valid protobuf whose type field (1) says FIND_NODE (4), the rest fields nobody defined
        com.google.protobuf.UnknownFieldSet fields = com.google.protobuf.UnknownFieldSet.parseFrom(m);
        assertThat(fields.getField(1).getVarintList()).containsExactly(4L);
        assertThat(fields.asMap()).hasSizeGreaterThan(1);
        assertThatThrownBy(() -> KadCodec.decode(m)).hasMessageContaining("more than 16 unknown fields");
    }

    @Test
    void fakeIdentifySplitsUnderTheFrameLimit() {
        FakeIdentify id = new FakeIdentify(600, 200);
        assertThat(id.frames()).isEqualTo(4);
        assertThat(id.describe(600, 200)).startsWith("600 protocols x 200 chars, ").endsWith("in 4 frames");
    }
}
