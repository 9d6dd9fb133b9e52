package io.strand.cluster;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Defaults of a Strand cluster node and client, each overridable by a system property. Sized for several nodes
 * sharing a small machine (three nodes and a client on 2 cores in the tests): every agent backs off to a park
 * instead of spinning, terms are small, and the failure detector is fast. On dedicated machines raise the terms
 * and use busy-spin or yielding idle strategies on dedicated cores (README, Replication).
 */
public final class ClusterConfiguration
{
    /** Log term length: the longest message is an eighth of it. */
    public static final String LOG_TERM_LENGTH_PROP = "strand.cluster.logTermLength";
    public static final String INGRESS_TERM_LENGTH_PROP = "strand.cluster.ingressTermLength";
    /** How long followers wait for the leader's heartbeat before an election. */
    public static final String LEADER_HEARTBEAT_TIMEOUT_MS_PROP = "strand.cluster.leaderHeartbeatTimeoutMs";
    public static final String LEADER_HEARTBEAT_INTERVAL_MS_PROP = "strand.cluster.leaderHeartbeatIntervalMs";
    public static final String ELECTION_TIMEOUT_MS_PROP = "strand.cluster.electionTimeoutMs";
    public static final String STARTUP_CANVASS_TIMEOUT_MS_PROP = "strand.cluster.startupCanvassTimeoutMs";
    public static final String SESSION_TIMEOUT_MS_PROP = "strand.cluster.sessionTimeoutMs";
    /** The longest park of the back-off idle strategy every agent uses. */
    public static final String MAX_PARK_US_PROP = "strand.cluster.maxParkUs";

    static final int LOG_TERM_LENGTH = Integer.getInteger(LOG_TERM_LENGTH_PROP, 512 * 1024);
    static final int INGRESS_TERM_LENGTH = Integer.getInteger(INGRESS_TERM_LENGTH_PROP, 128 * 1024);
    static final int CONSENSUS_TERM_LENGTH = 64 * 1024;
    static final int DRIVER_TERM_LENGTH = 256 * 1024;
    static final int ARCHIVE_SEGMENT_LENGTH = 16 * 1024 * 1024;
    static final long LEADER_HEARTBEAT_TIMEOUT_NS = millis(LEADER_HEARTBEAT_TIMEOUT_MS_PROP, 1_000);
    static final long LEADER_HEARTBEAT_INTERVAL_NS = millis(LEADER_HEARTBEAT_INTERVAL_MS_PROP, 100);
    static final long ELECTION_TIMEOUT_NS = millis(ELECTION_TIMEOUT_MS_PROP, 500);
    static final long STARTUP_CANVASS_TIMEOUT_NS = millis(STARTUP_CANVASS_TIMEOUT_MS_PROP, 5_000);
    static final long SESSION_TIMEOUT_NS = millis(SESSION_TIMEOUT_MS_PROP, 10_000);
    static final long MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(Long.getLong(MAX_PARK_US_PROP, 1_000));

    /** Counter type id of a node's journal head, read by {@code strand cluster status}. */
    public static final int JOURNAL_HEAD_COUNTER_TYPE_ID = 1_200_001;

    private ClusterConfiguration()
    {
    }

    /**
     * @return the idle strategy of every agent: spin briefly, yield, then park up to the configured maximum.
     */
    static Supplier<IdleStrategy> idleStrategy()
    {
        return () -> new BackoffIdleStrategy(10, 20, 1_000, MAX_PARK_NS);
    }

    static String logChannel()
    {
        return "aeron:udp?term-length=" + LOG_TERM_LENGTH + "|alias=strand-log";
    }

    static String ingressChannel()
    {
        return "aeron:udp?term-length=" + INGRESS_TERM_LENGTH + "|alias=strand-ingress";
    }

    static String consensusChannel()
    {
        return "aeron:udp?term-length=" + CONSENSUS_TERM_LENGTH + "|alias=strand-consensus";
    }

    static String egressChannel()
    {
        return "aeron:udp?endpoint=localhost:0|term-length=" + INGRESS_TERM_LENGTH + "|alias=strand-egress";
    }

    private static long millis(final String property, final long defaultMillis)
    {
        return TimeUnit.MILLISECONDS.toNanos(Long.getLong(property, defaultMillis));
    }
}
