package io.jdht.daemon.api;

import io.jdht.daemon.http.ApiRouter;
import io.jdht.daemon.http.Page;
import io.jdht.daemon.http.PageHandler;

/**
 * The daemon's RPC API: every command under {@code /api/v0/}, and the metrics page. Kubo's paths
 * and answers, so that Kubo's clients (kubo-rpc-client, the {@code ipfs} CLI's HTTP mode, curl
 * scripts) work against a jdht daemon.
 */
public final class DaemonApi {
    private DaemonApi() {}

    /** The router with every command; {@code metrics} renders the Prometheus page. */
    public static ApiRouter router(ApiContext ctx, PageHandler metrics) {
        ApiRouter router = new ApiRouter();
        new RoutingCommands(ctx).commands().forEach(router::add);
        new NodeCommands(ctx).commands().forEach(router::add);
        new SwarmCommands(ctx).commands().forEach(router::add);
        new BlockCommands(ctx).commands().forEach(router::add);
        new NameCommands(ctx).commands().forEach(router::add);
        router.add(new AddCommand(ctx).command());
        router.add(new StatsCommands(ctx).command());
        router.page("/debug/metrics/prometheus", metrics);
        return router;
    }

    /** A metrics page for a daemon without metrics (tests). */
    public static PageHandler noMetrics() {
        return () -> new Page(Page.PROMETHEUS_TEXT, new byte[0]);
    }
}
