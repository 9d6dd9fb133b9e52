package io.strand.kafka;

import io.strand.journal.Journal;
import io.strand.spi.EventSchema;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Exports a journal to a Kafka topic exactly once, on a thread of its own: every event, in journal order, in
 * transactions of whole commands, resuming after a crash, a broker restart or a takeover from the topic's own
 * committed tail (never a local file). See {@link KafkaExporterAgent} for the duty cycle and
 * {@link ExportRecordDescriptor} for what lands in the topic. Runs beside an engine in the same process or alone.
 * <pre>{@code
 * try (KafkaExporter exporter = KafkaExporter.launch(new KafkaExporter.Context()
 *     .dir(path).eventSchema(new AccountEventSchema()).bootstrap("localhost:9092").topic("strand-events")))
 * {
 *     ...                                    // close() commits what it has read and stops
 * }
 * }</pre>
 */
public final class KafkaExporter implements AutoCloseable
{
    /** Where the exporter is. */
    public enum State
    {
        /** Making its producer, fencing any earlier exporter, finding the topic's committed tail. */
        CONNECTING,
        /** Reading the journal and publishing it in transactions. */
        EXPORTING,
        /** Stopped as asked (or, without follow, at the journal's head at start) after committing what it read. */
        DONE,
        /** Another exporter of the same journal to the same topic took over; this one committed nothing more. */
        FENCED,
        /** Stopped on a failure; see {@link #problem()}. */
        FAILED;

        /**
         * @return true once the exporter will do nothing more.
         */
        public boolean terminal()
        {
            return this == DONE || this == FENCED || this == FAILED;
        }
    }

    private final KafkaExporterAgent agent;
    private final AgentRunner runner;
    private final long closeTimeoutNs;

    private KafkaExporter(final Context ctx)
    {
        this.agent = new KafkaExporterAgent(ctx);
        this.runner = new AgentRunner(ctx.idleStrategy(), agent::onUnexpected, null, agent);
        this.closeTimeoutNs = TimeUnit.MILLISECONDS.toNanos(2 * ctx.timeoutMs());
    }

    /**
     * Concludes the context and starts the exporter's thread.
     *
     * @throws IllegalArgumentException naming the first wrong setting.
     */
    public static KafkaExporter launch(final Context ctx)
    {
        ctx.conclude();
        final KafkaExporter exporter = new KafkaExporter(ctx);
        AgentRunner.startOnThread(exporter.runner);
        return exporter;
    }

    /**
     * Asks the exporter to commit what it has read and stop; returns at once.
     */
    public void requestStop()
    {
        agent.requestStop();
    }

    /**
     * Waits until the exporter is done, fenced or failed.
     *
     * @return the state it ended in, or its current one if the timeout passed first.
     */
    public State awaitTermination(final long timeoutNs)
    {
        final long start = System.nanoTime();
        while (!agent.state().terminal() && System.nanoTime() - start < timeoutNs)
        {
            LockSupport.parkNanos(1_000_000);
        }
        return agent.state();
    }

    /**
     * Waits until every event up to {@code index} is committed to the topic.
     *
     * @return false if the timeout passed first or the exporter stopped before.
     */
    public boolean awaitCommitted(final long index, final long timeoutNs)
    {
        final long start = System.nanoTime();
        while (agent.committedIndex() < index)
        {
            if (agent.state().terminal() || System.nanoTime() - start > timeoutNs)
            {
                return agent.committedIndex() >= index;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    public State state()
    {
        return agent.state();
    }

    /**
     * @return the journal index of the last event committed to the topic (visible to read_committed consumers).
     */
    public long committedIndex()
    {
        return agent.committedIndex();
    }

    /**
     * @return the index the topic's committed tail held when this exporter first connected.
     */
    public long startIndex()
    {
        return agent.startIndex();
    }

    /**
     * @return events this exporter committed.
     */
    public long eventsCommitted()
    {
        return agent.eventsCommitted();
    }

    /**
     * @return transactions this exporter committed.
     */
    public long transactions()
    {
        return agent.transactions();
    }

    /**
     * @return times the exporter lost Kafka and connected again.
     */
    public long reconnects()
    {
        return agent.reconnects();
    }

    /**
     * @return why it failed or was fenced, one line; null otherwise.
     */
    public String problem()
    {
        return agent.problem();
    }

    /**
     * Commits what has been read, stops the thread and closes the clients (waits up to twice the Kafka timeout).
     */
    public void close()
    {
        requestStop();
        awaitTermination(closeTimeoutNs);
        CloseHelper.close(runner);
    }

    /**
     * What an exporter depends on, validated once by {@link #conclude()}.
     */
    public static final class Context
    {
        private Path dir;
        private Journal journal;
        private RollCycle rollCycle = RollCycles.FAST_DAILY;
        private EventSchema eventSchema;
        private String bootstrap;
        private String topic;
        private boolean follow = true;
        private long transactionIntervalNs = TimeUnit.MILLISECONDS.toNanos(100);
        private int maxTransactionEvents = 10_000;
        private long timeoutMs = 30_000;
        private IdleStrategy idleStrategy;
        private NanoClock nanoClock;

        /**
         * @throws IllegalArgumentException naming the first wrong setting.
         */
        public Context conclude()
        {
            require(dir != null || journal != null, "dir: not set");
            require(eventSchema != null, "eventSchema: not set");
            require(bootstrap != null && !bootstrap.isBlank(), "bootstrap: not set");
            require(topic != null && topic.matches("[A-Za-z0-9._-]{1,249}"),
                "topic: 1-249 of letters, digits, '.', '_' and '-', got '" + topic + "'");
            require(transactionIntervalNs > 0, "transactionInterval: must be positive");
            require(maxTransactionEvents > 0, "maxTransactionEvents: must be positive");
            require(timeoutMs > 0, "timeoutMs: must be positive");
            if (dir == null)
            {
                dir = journal.dir();
            }
            if (idleStrategy == null)
            {
                idleStrategy = new BackoffIdleStrategy();
            }
            if (nanoClock == null)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            return this;
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }

        public Path dir()
        {
            return dir;
        }

        /**
         * @param dir the journal directory; the exporter opens the journal read-only there.
         */
        public Context dir(final Path dir)
        {
            this.dir = dir;
            return this;
        }

        public Journal journal()
        {
            return journal;
        }

        /**
         * @param journal an open journal to read (an engine's) instead of opening one from {@link #dir}; the
         *                exporter makes its reader on its own thread and does not close the journal.
         */
        public Context journal(final Journal journal)
        {
            this.journal = journal;
            return this;
        }

        public RollCycle rollCycle()
        {
            return rollCycle;
        }

        /**
         * @param rollCycle the journal's roll cycle.
         */
        public Context rollCycle(final RollCycle rollCycle)
        {
            this.rollCycle = rollCycle;
            return this;
        }

        public EventSchema eventSchema()
        {
            return eventSchema;
        }

        /**
         * @param eventSchema names the domain's events and fields in the JSON values.
         */
        public Context eventSchema(final EventSchema eventSchema)
        {
            this.eventSchema = eventSchema;
            return this;
        }

        public String bootstrap()
        {
            return bootstrap;
        }

        /**
         * @param bootstrap Kafka's bootstrap servers, {@code HOST:PORT[,HOST:PORT...]}.
         */
        public Context bootstrap(final String bootstrap)
        {
            this.bootstrap = bootstrap;
            return this;
        }

        public String topic()
        {
            return topic;
        }

        /**
         * @param topic the topic to export to; created with one partition if missing.
         */
        public Context topic(final String topic)
        {
            this.topic = topic;
            return this;
        }

        public boolean follow()
        {
            return follow;
        }

        /**
         * @param follow true: keep exporting new events until stopped; false: stop at the journal's head at start.
         */
        public Context follow(final boolean follow)
        {
            this.follow = follow;
            return this;
        }

        public long transactionIntervalNs()
        {
            return transactionIntervalNs;
        }

        /**
         * @param transactionIntervalNs a transaction is committed once the exporter has read all the journal holds,
         *                              or at the latest this long after it began (at the end of a command): an event
         *                              is visible to read_committed consumers within about this plus a commit.
         */
        public Context transactionIntervalNs(final long transactionIntervalNs)
        {
            this.transactionIntervalNs = transactionIntervalNs;
            return this;
        }

        public int maxTransactionEvents()
        {
            return maxTransactionEvents;
        }

        /**
         * @param maxTransactionEvents ... or once it holds this many events (whole commands: it may hold a few more).
         */
        public Context maxTransactionEvents(final int maxTransactionEvents)
        {
            this.maxTransactionEvents = maxTransactionEvents;
            return this;
        }

        public long timeoutMs()
        {
            return timeoutMs;
        }

        /**
         * @param timeoutMs how long Kafka may stay unreachable (at the start, or after losing it) before the exporter
         *                  gives up and fails.
         */
        public Context timeoutMs(final long timeoutMs)
        {
            this.timeoutMs = timeoutMs;
            return this;
        }

        public IdleStrategy idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * @param idleStrategy what the exporter's thread does when there is nothing to export.
         */
        public Context idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /**
         * @param nanoClock times transactions and outages.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }
    }
}
