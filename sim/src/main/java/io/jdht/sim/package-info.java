/**
 * A deterministic discrete-event simulator of a whole DHT: thousands of nodes, each running the
 * very {@link io.jdht.kad.KadEngine} a real jdht node runs, over a modelled network, in one thread.
 *
 * <p><b>Time and order.</b> {@link io.jdht.sim.EventLoop} is the one clock and the one queue: every
 * engine's timers, every message delivery, every node leaving or returning is an event at a
 * virtual instant, run in order of time, then of scheduling. Nothing reads the wall clock and all
 * randomness comes from one seeded source split per purpose, so the same configuration and seed
 * give the same run event for event; the loop keeps a digest of (time, sequence) of every event
 * run, which tests compare.
 *
 * <p><b>The engines' view.</b> Each engine gets the loop as its {@link io.jdht.kad.Scheduler} and a
 * view of {@link io.jdht.sim.SimNetwork} as its {@link io.jdht.kad.KadNetwork}: the simulator is a
 * small driver, because the engine already talks to the world only through those two seams
 * (send a request and get a future; set a timer), and owns its time budget and cancellation
 * itself. The simulator adds no logic of the DHT's own.
 *
 * <p><b>The network model.</b> Round trips come from {@link io.jdht.sim.LatencyModel} (world
 * regions weighted as IPFS servers are, a last mile per node, a per-pair spread). A request on an
 * open connection costs one round trip; a new connection first costs the handshake's round trips
 * (2 for jdht, 4 for go-libp2p over TCP), and then both ends identify each other and may admit
 * each other to their routing tables, exactly as real nodes do. A node keeps at most 96
 * connections ({@link io.jdht.sim.Connections}). Dials to offline or undialable nodes fail after
 * 5 s; messages may be lost; client-mode nodes refuse the protocol. Every message is counted at
 * the size the real codec gives it.
 *
 * <p><b>Populations.</b> Nodes join one every 10 ms by dialling two of four bootstrap nodes and
 * bootstrapping; under churn ({@link io.jdht.sim.Churn}, the two-population model fitted to IPFS
 * measurements) they leave and return, bootstrapping again. {@link io.jdht.sim.Sybils} places
 * attacker identities nearest to one region of the key space.
 *
 * <p><b>What is measured.</b> {@link io.jdht.sim.Workload} runs findPeer, provide then findProvs,
 * put then get, and query from random nodes, and {@link io.jdht.sim.SimResult} reports per
 * operation the success rate, lookup rounds, peers contacted, messages and bytes, and latency
 * percentiles in simulated time, with the run's cost (wall time, events per second, heap). The
 * HTML report ({@link io.jdht.sim.report}) draws them.
 */
package io.jdht.sim;
