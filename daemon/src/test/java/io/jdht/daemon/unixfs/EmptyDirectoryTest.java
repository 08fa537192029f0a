package io.jdht.daemon.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmptyDirectoryTest {
    @Test
    void isKubosEmptyDirectory() {
        assertThat(EmptyDirectory.block()).containsExactly(0x0a, 0x02, 0x08, 0x01);
        // `ipfs object new unixfs-dir`, and the same block as a CIDv1
        assertThat(EmptyDirectory.cid(0)).hasToString("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        assertThat(EmptyDirectory.cid(1)).hasToString("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");
        assertThatThrownBy(() -> EmptyDirectory.cid(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesBackToADirectoryWithoutLinks() {
        PbNode node = DagPbDecoder.decode(EmptyDirectory.block());
        assertThat(node.links()).isEmpty();
        assertThat(UnixFsData.decode(node.data())).isEqualTo(UnixFsData.directory());
    }
}
