package io.strand.engine;

import io.strand.ingress.Ingress;
import io.strand.ingress.ReasonCatalog;
import io.strand.ingress.Submitter;
import io.strand.journal.Journal;
import io.strand.journal.WriterLock;
import io.strand.metrics.EngineCounters;
import io.strand.processor.CommandProcessor;
import io.strand.recovery.Recovery;
import io.strand.recovery.RecoveryReport;
import io.strand.spi.DomainModel;
import io.strand.state.JournaledState;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Strand engine on one journal directory: takes the writer lock, recovers state from the journal,
 * then runs the single writer on its own thread until closed.
 * <pre>{@code
 * try (Strand strand = Strand.launch(new StrandContext().dir(path).model(AccountModel::new)))
 * {
 *     Submitter submitter = strand.newSubmitter(clientId);
 *     ...
 * }
 * }</pre>
 */
public final class Strand implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Strand.class);

    private final StrandContext ctx;
    private final WriterLock lock;
    private final Journal journal;
    private final JournaledState state;
    private final RecoveryReport recovery;
    private final Ingress ingress;
    private final EngineCounters counters;
    private final CommandProcessor processor;
    private final AgentRunner runner;
    private boolean closed;

    private Strand(final StrandContext ctx, final WriterLock lock, final Journal journal, final JournaledState state,
        final RecoveryReport recovery)
    {
        this.ctx = ctx;
        this.lock = lock;
        this.journal = journal;
        this.state = state;
        this.recovery = recovery;
        final ReasonCatalog reasons = new ReasonCatalog(state.model().reasons());
        this.ingress = new Ingress(ctx.ringBufferBytes(), ctx.outcomeRingBytes(), ctx.maxCommandBytes(),
            ctx.backpressure(), ctx.backpressureTimeoutNs(), reasons, ctx.nanoClock());
        this.counters = new EngineCounters(reasons);
        this.processor = new CommandProcessor(ingress.commands(), ingress.registry(), state, journal,
            ctx.epochClock(), ctx.errorHandler(), counters, ctx.batchLimit(), ctx.maxExcerptBytes());
        this.runner = new AgentRunner(ctx.idleStrategy(), ctx.errorHandler(), null, processor);
    }

    /**
     * Concludes the context, takes the writer lock, replays the journal and starts the writer thread.
     *
     * @throws io.strand.journal.JournalLockedException if another writer holds the journal.
     * @throws io.strand.journal.JournalCorruptedException if the journal fails its checks.
     */
    public static Strand launch(final StrandContext ctx)
    {
        ctx.conclude();
        final WriterLock lock = WriterLock.acquire(ctx.dir());
        Journal journal = null;
        try
        {
            journal = Journal.openForWriting(ctx.dir(), ctx.rollCycle(), ctx.maxExcerptBytes());
            final JournaledState state = new JournaledState(ctx.model().get());
            final RecoveryReport recovery = Recovery.replay(journal, state);
            LOG.info("{}: {}", ctx.dir(), recovery);
            final Strand strand = new Strand(ctx, lock, journal, state, recovery);
            AgentRunner.startOnThread(strand.runner);
            return strand;
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(journal);
            lock.close();
            throw ex;
        }
    }

    /**
     * @param clientId the client's stable id; with clientSeq it identifies a command across restarts.
     * @return a submitter for one producer thread.
     */
    public Submitter newSubmitter(final long clientId)
    {
        return ingress.newSubmitter(clientId);
    }

    /**
     * @return what the startup replay did.
     */
    public RecoveryReport recovery()
    {
        return recovery;
    }

    /**
     * @return the writer's counters, readable from any thread.
     */
    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * @return codes to reasons for this engine's domain.
     */
    public ReasonCatalog reasons()
    {
        return ingress.reasons();
    }

    /**
     * The live state. Owned by the writer thread: read it only after {@link #close()}, or before any command.
     */
    public JournaledState state()
    {
        return state;
    }

    /**
     * @return the writer's lifecycle.
     */
    public CommandProcessor.State writerState()
    {
        return processor.lifecycle();
    }

    /**
     * @return the configuration this engine runs with.
     */
    public StrandContext context()
    {
        return ctx;
    }

    /**
     * Refuses new commands, answers those already in the ring, stops the writer, closes the journal and releases
     * the lock.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            ingress.registry().close();
            CloseHelper.closeAll(runner, journal, lock);
        }
    }
}
