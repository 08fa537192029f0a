package io.jdht.daemon.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API test classes share: daemons a single test starts ({@link #extra}, stopped after
 * the test), and {@link #chain}, which starts the daemons a class shares, joined one to the next.
 */
abstract class DaemonNetworkTest {
    @TempDir
    Path dir;

    /** Daemons of one test; closed after it. */
    TestDaemons extra;

    @BeforeEach
    void extras() {
        extra = new TestDaemons(dir);
    }

    @AfterEach
    void stopExtras() {
        extra.close();
    }

    /**
     * Starts {@code n} daemons, each connected to the one before it (A ← B ← C …), and waits until
     * every one has its neighbours in its routing table.
     */
    static List<ApiClient> chain(TestDaemons net, int n) {
        List<ApiClient> apis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ApiClient next = net.start();
            if (i > 0) {
                next.connect(apis.get(i - 1));
            }
            apis.add(next);
        }
        for (int i = 0; i < n; i++) {
            List<ApiClient> neighbours = new ArrayList<>();
            if (i > 0) {
                neighbours.add(apis.get(i - 1));
            }
            if (i < n - 1) {
                neighbours.add(apis.get(i + 1));
            }
            Tables.awaitContains(apis.get(i), neighbours.toArray(ApiClient[]::new));
        }
        return apis;
    }
}
