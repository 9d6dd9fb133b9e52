package io.strand.saga;

import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.ingress.Submitter;
import io.strand.projection.ProjectionDefinition;
import io.strand.saga.coordinator.SagaBook;
import io.strand.saga.coordinator.SagaDefinitions;
import io.strand.saga.coordinator.SagaModel;
import io.strand.saga.dispatch.DecisionFeed;
import io.strand.saga.dispatch.DecisionHandoff;
import io.strand.saga.dispatch.SagaDispatcherAgent;
import io.strand.state.ClientWindows;
import io.strand.state.JournaledState;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs sagas over participant strands: launches the coordinator strand (the saga state machine as its domain,
 * recovered from its journal like any strand) and the dispatcher on its own thread, which first sends again every
 * step the coordinator has in flight.
 * <pre>{@code
 * try (SagaEngine sagas = SagaEngine.launch(new SagaContext().coordinator(new StrandContext().dir(coordinatorDir))
 *     .definitions(List.of(new TransferSaga(router, timeout))).participants(shards)))
 * {
 *     SagaClient client = sagas.newClient(clientId);
 *     TransferSaga.start(client, clientSeq, from, to, amount);
 * }
 * }</pre>
 */
public final class SagaEngine implements AutoCloseable
{
    private final Strand coordinator;
    private final DecisionHandoff handoff;
    private final SagaDispatcherAgent dispatcher;
    private final AgentRunner dispatcherRunner;
    private final SagaContext ctx;
    private boolean started;
    private boolean closed;

    private SagaEngine(final SagaContext ctx, final Strand coordinator, final DecisionHandoff handoff,
        final SagaDispatcherAgent dispatcher)
    {
        this.ctx = ctx;
        this.coordinator = coordinator;
        this.handoff = handoff;
        this.dispatcher = dispatcher;
        this.dispatcherRunner = new AgentRunner(ctx.idleStrategy().get(), ctx.errorHandler(), null, dispatcher);
    }

    /**
     * Launches the coordinator, checks it against the participants and starts the dispatcher.
     *
     * @throws IllegalStateException if a participant has seen steps the coordinator never requested (the
     *                               coordinator's journal is not the one that drove these participants).
     */
    public static SagaEngine launch(final SagaContext ctx)
    {
        return prepare(ctx).start();
    }

    /**
     * Launches the coordinator and checks it against the participants, but does not start the dispatcher: until
     * {@link #start()} nothing submits to the coordinator or the participants, so their states may still be read
     * (to continue a client's sequence, say).
     */
    public static SagaEngine prepare(final SagaContext ctx)
    {
        ctx.conclude();
        final SagaDefinitions definitions = new SagaDefinitions(ctx.definitions());
        final int participants = ctx.participants().size();
        final DecisionHandoff handoff = new DecisionHandoff(ctx.handoffBytes(), ctx.idleStrategy().get());
        final StrandContext coordinatorContext = ctx.coordinator()
            .model(() -> new SagaModel(definitions, participants))
            .projections(List.of(new ProjectionDefinition<>(DecisionFeed.NAME, () -> new DecisionFeed(handoff))))
            .readIdleStrategy(ctx.idleStrategy());
        final Strand coordinator = Strand.launch(coordinatorContext);
        final List<Submitter> submitters = new ArrayList<>();
        try
        {
            if (ctx.errorHandler() == null)
            {
                ctx.errorHandler(coordinator.context().errorHandler());
            }
            final JournaledState state = coordinator.state(); // safe: no command has reached it yet
            final SagaBook book = ((SagaModel)state.model()).book();
            checkParticipants(ctx, book, coordinatorContext);
            for (final Strand participant : ctx.participants())
            {
                submitters.add(participant.newSubmitter(ctx.dispatcherClientId()));
            }
            final long lastFed = state.clients().maxSeq(ctx.dispatcherClientId());
            final SagaDispatcherAgent dispatcher = new SagaDispatcherAgent(book, state.lastIndex(), definitions,
                submitters, coordinator.newSubmitter(ctx.dispatcherClientId()),
                lastFed == ClientWindows.NONE ? 1 : lastFed + 1, handoff, ctx.listener(), ctx.clock(),
                ctx.tickIntervalNs(), ctx.retryIntervalNs());
            return new SagaEngine(ctx, coordinator, handoff, dispatcher);
        }
        catch (final RuntimeException | Error ex)
        {
            submitters.forEach(Submitter::close);
            handoff.close();
            CloseHelper.quietClose(coordinator);
            throw ex;
        }
    }

    /**
     * A participant's highest clientSeq from the dispatcher can never pass the coordinator's last request to it:
     * steps are journaled before they are sent. If it does, the seqs the coordinator would hand out next are ones
     * the participant already took, and its dedupe would swallow them.
     */
    private static void checkParticipants(final SagaContext ctx, final SagaBook book, final StrandContext coordinator)
    {
        for (int p = 0; p < ctx.participants().size(); p++)
        {
            final Strand participant = ctx.participants().get(p);
            final long seen = participant.state().clients().maxSeq(ctx.dispatcherClientId());
            if (seen != ClientWindows.NONE && seen > book.lastSeq(p))
            {
                throw new IllegalStateException(participant.context().dir() + " has saga steps up to clientSeq " +
                    seen + " from client " + ctx.dispatcherClientId() + " but the coordinator in " + coordinator.dir() +
                    " requested only up to " + book.lastSeq(p) + " of it: the coordinator's journal is not the one " +
                    "that drove this participant");
            }
        }
    }

    /**
     * Starts the dispatcher: every step in flight is sent again, then it follows the coordinator.
     */
    public SagaEngine start()
    {
        if (!started)
        {
            started = true;
            AgentRunner.startOnThread(dispatcherRunner);
        }
        return this;
    }

    /**
     * @return a client that starts sagas, for one producer thread; its clientId must not be the dispatcher's.
     */
    public SagaClient newClient(final long clientId)
    {
        if (clientId == ctx.dispatcherClientId())
        {
            throw new IllegalArgumentException("client id " + clientId + " is the saga dispatcher's");
        }
        return new SagaClient(coordinator.newSubmitter(clientId), ctx.clock());
    }

    /**
     * @return the coordinator strand (its state is a {@link SagaModel}).
     */
    public Strand coordinator()
    {
        return coordinator;
    }

    /**
     * @return steps in flight: one per open saga that is not stuck.
     */
    public int openSteps()
    {
        return dispatcher.openSteps();
    }

    /**
     * Waits until nothing is in flight: the dispatcher has taken in every event the coordinator journaled and no
     * step is open (sagas still open are stuck).
     *
     * @return true if quiescent within the timeout.
     */
    public boolean awaitQuiescence(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (System.nanoTime() < deadline)
        {
            final long head = coordinator.counters().journalHead().get();
            if (dispatcher.openSteps() == 0 && dispatcher.position() >= head)
            {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return false;
    }

    /**
     * Stops the dispatcher, then closes the coordinator (the participants are the caller's).
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (started)
            {
                CloseHelper.close(dispatcherRunner);
            }
            else
            {
                dispatcher.onClose();
            }
            handoff.close();
            coordinator.close();
        }
    }
}
