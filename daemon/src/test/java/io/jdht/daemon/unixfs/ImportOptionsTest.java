package io.jdht.daemon.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImportOptionsTest {
    @Test
    void defaultsAreKubos() {
        assertThat(ImportOptions.KUBO_DEFAULT).isEqualTo(new ImportOptions(0, false, 262144, 174));
        assertThat(ImportOptions.KUBO_CID_V1).isEqualTo(new ImportOptions(1, true, 262144, 174));
        assertThat(ImportOptions.forCidVersion(0)).isEqualTo(ImportOptions.KUBO_DEFAULT);
        assertThat(ImportOptions.forCidVersion(1)).isEqualTo(ImportOptions.KUBO_CID_V1);
        assertThat(ImportOptions.forCidVersion(1).withRawLeaves(false)).isEqualTo(new ImportOptions(1, false, 262144, 174));
        assertThat(ImportOptions.KUBO_DEFAULT.withChunkSize(1024).withMaxLinks(1024))
                .isEqualTo(new ImportOptions(0, false, 1024, 1024));
    }

    @Test
    void refusesWhatKuboRefusesOrWhatWouldNotMakeATree() {
        assertThatThrownBy(() -> ImportOptions.forCidVersion(2)).hasMessageContaining("CID version must be 0 or 1, not 2");
        assertThatThrownBy(() -> ImportOptions.KUBO_DEFAULT.withChunkSize(0)).hasMessageContaining("chunk size must be 1 to 1048576");
        assertThatThrownBy(() -> ImportOptions.KUBO_DEFAULT.withChunkSize(1048577)).hasMessageContaining("not 1048577");
        assertThatThrownBy(() -> ImportOptions.KUBO_DEFAULT.withMaxLinks(1)).hasMessageContaining("links per node must be 2 to 8192");
        assertThatThrownBy(() -> ImportOptions.KUBO_DEFAULT.withMaxLinks(8193)).hasMessageContaining("not 8193");
    }
}
