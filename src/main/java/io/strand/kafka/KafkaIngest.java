package io.strand.kafka;

import io.strand.engine.Strand;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Serves an engine from Kafka, on a thread of its own: commands are read (read_committed) from a commands topic,
 * submitted, and one outcome per command record is published to an outcomes topic; the consumed offsets are
 * committed in the same Kafka transaction as the outcomes, after the engine has journaled (and answered) every
 * command of the batch. After a crash the uncommitted batch is delivered again and the engine answers what it had
 * journaled {@code DUPLICATE_COMMAND} with the original index: read_committed readers of the outcomes topic see one
 * outcome per command record, and no command is journaled twice. See {@link KafkaIngestAgent}.
 */
public final class KafkaIngest implements AutoCloseable
{
    /** Where the ingest is. */
    public enum State
    {
        /** Making its clients, settling the transaction an earlier one left open. */
        CONNECTING,
        /** Taking commands and publishing outcomes. */
        SERVING,
        /** Stopped as asked, after committing its last batch. */
        DONE,
        /** Stopped on a failure; see {@link #problem()}. */
        FAILED;

        /**
         * @return true once the ingest will do nothing more.
         */
        public boolean terminal()
        {
            return this == DONE || this == FAILED;
        }
    }

    private final KafkaIngestAgent agent;
    private final AgentRunner runner;
    private final long closeTimeoutNs;

    private KafkaIngest(final Context ctx)
    {
        this.agent = new KafkaIngestAgent(ctx);
        this.runner = new AgentRunner(ctx.idleStrategy(), agent::onUnexpected, null, agent);
        this.closeTimeoutNs = TimeUnit.MILLISECONDS.toNanos(2 * ctx.timeoutMs());
    }

    /**
     * Concludes the context and starts the ingest's thread.
     *
     * @throws IllegalArgumentException naming the first wrong setting.
     */
    public static KafkaIngest launch(final Context ctx)
    {
        ctx.conclude();
        final KafkaIngest ingest = new KafkaIngest(ctx);
        AgentRunner.startOnThread(ingest.runner);
        return ingest;
    }

    /**
     * Asks the ingest to finish its batch and stop; returns at once.
     */
    public void requestStop()
    {
        agent.requestStop();
    }

    /**
     * Waits until the ingest is done or failed.
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

    public State state()
    {
        return agent.state();
    }

    /**
     * @return why it failed, one line; null otherwise.
     */
    public String problem()
    {
        return agent.problem();
    }

    /**
     * @return command records whose outcome was committed to the outcomes topic.
     */
    public long answered()
    {
        return agent.answered();
    }

    /**
     * @return of those, commands accepted.
     */
    public long accepted()
    {
        return agent.accepted();
    }

    /**
     * @return of those, records that were not a command.
     */
    public long malformed()
    {
        return agent.malformed();
    }

    /**
     * @return of those, commands answered {@code DUPLICATE_COMMAND}.
     */
    public long duplicates()
    {
        return agent.duplicates();
    }

    /**
     * @return Kafka transactions committed.
     */
    public long transactions()
    {
        return agent.transactions();
    }

    /**
     * Finishes the batch in hand, stops the thread and closes the clients (waits up to twice the Kafka timeout).
     */
    public void close()
    {
        requestStop();
        awaitTermination(closeTimeoutNs);
        CloseHelper.close(runner);
    }

    /**
     * What an ingest depends on, validated once by {@link #conclude()}.
     */
    public static final class Context
    {
        private Strand strand;
        private UUID journalId;
        private String bootstrap;
        private String commandsTopic;
        private String outcomesTopic;
        private int maxPollRecords = 1_000;
        private long timeoutMs = 30_000;
        private long engineTimeoutNs = TimeUnit.SECONDS.toNanos(30);
        private IngestFault beforeCommit;
        private IdleStrategy idleStrategy;
        private NanoClock nanoClock;

        /**
         * @throws IllegalArgumentException naming the first wrong setting.
         */
        public Context conclude()
        {
            require(strand != null, "strand: not set");
            require(journalId != null, "journalId: not set");
            require(bootstrap != null && !bootstrap.isBlank(), "bootstrap: not set");
            require(commandsTopic != null && commandsTopic.matches("[A-Za-z0-9._-]{1,249}"),
                "commandsTopic: 1-249 of letters, digits, '.', '_' and '-', got '" + commandsTopic + "'");
            require(outcomesTopic != null && outcomesTopic.matches("[A-Za-z0-9._-]{1,249}"),
                "outcomesTopic: 1-249 of letters, digits, '.', '_' and '-', got '" + outcomesTopic + "'");
            require(!commandsTopic.equals(outcomesTopic), "outcomesTopic: must differ from commandsTopic");
            require(maxPollRecords > 0 && maxPollRecords <= 1024, "maxPollRecords: 1 to 1024 (a batch delivered " +
                "again must stay within the engine's dedupe window of 1,024 commands per client)");
            require(timeoutMs > 0, "timeoutMs: must be positive");
            require(engineTimeoutNs > 0, "engineTimeout: must be positive");
            if (beforeCommit == null)
            {
                beforeCommit = IngestFault.installed();
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

        public Strand strand()
        {
            return strand;
        }

        /**
         * @param strand the running engine the commands go to.
         */
        public Context strand(final Strand strand)
        {
            this.strand = strand;
            return this;
        }

        public UUID journalId()
        {
            return journalId;
        }

        /**
         * @param journalId the engine's journal identity: the consumer group and the transactional id derive from it.
         */
        public Context journalId(final UUID journalId)
        {
            this.journalId = journalId;
            return this;
        }

        public String bootstrap()
        {
            return bootstrap;
        }

        /**
         * @param bootstrap Kafka's bootstrap servers.
         */
        public Context bootstrap(final String bootstrap)
        {
            this.bootstrap = bootstrap;
            return this;
        }

        public String commandsTopic()
        {
            return commandsTopic;
        }

        /**
         * @param commandsTopic where commands come from (all its partitions); created with one partition if missing.
         */
        public Context commandsTopic(final String commandsTopic)
        {
            this.commandsTopic = commandsTopic;
            return this;
        }

        public String outcomesTopic()
        {
            return outcomesTopic;
        }

        /**
         * @param outcomesTopic where outcomes go; created with one partition if missing.
         */
        public Context outcomesTopic(final String outcomesTopic)
        {
            this.outcomesTopic = outcomesTopic;
            return this;
        }

        public int maxPollRecords()
        {
            return maxPollRecords;
        }

        /**
         * @param maxPollRecords the most command records in one batch (one Kafka transaction).
         */
        public Context maxPollRecords(final int maxPollRecords)
        {
            this.maxPollRecords = maxPollRecords;
            return this;
        }

        public long timeoutMs()
        {
            return timeoutMs;
        }

        /**
         * @param timeoutMs how long Kafka may stay unreachable before the ingest gives up and fails.
         */
        public Context timeoutMs(final long timeoutMs)
        {
            this.timeoutMs = timeoutMs;
            return this;
        }

        public long engineTimeoutNs()
        {
            return engineTimeoutNs;
        }

        /**
         * @param engineTimeoutNs how long the engine may take to take or answer a command before the ingest fails.
         */
        public Context engineTimeoutNs(final long engineTimeoutNs)
        {
            this.engineTimeoutNs = engineTimeoutNs;
            return this;
        }

        public IngestFault beforeCommit()
        {
            return beforeCommit;
        }

        /**
         * @param beforeCommit runs before each transaction's commit with its number, from 1: fault injection for
         *                     crash tests only (default: the one a test's {@link IngestFault.Provider} offers).
         */
        public Context beforeCommit(final IngestFault beforeCommit)
        {
            this.beforeCommit = beforeCommit;
            return this;
        }

        public IdleStrategy idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * @param idleStrategy what the ingest's thread does while no command comes.
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
         * @param nanoClock times outages and the engine's answers.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }
    }
}
