package io.strand.saga.dispatch;

import io.strand.domain.account.AccountCommandType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.Field;
import io.strand.engine.Strand;
import io.strand.ingress.Submitter;
import io.strand.saga.coordinator.SagaDefinitions;
import io.strand.saga.coordinator.StepKind;
import io.strand.shard.ShardRouter;
import io.strand.shard.TransferSaga;
import io.strand.state.ClientWindows;
import io.strand.support.TestEngines;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A lane never has a step in flight (sent, not journaled closed by the coordinator) more than the dedupe window
 * above its lowest open one, so a re-send after a crash always falls inside the participant's window. Driven by
 * hand against a real participant strand; its holds are for an account that does not exist, so it answers each
 * UNKNOWN_ACCOUNT and journals nothing.
 */
class ParticipantLaneWindowTest
{
    private static final long DISPATCHER = 1L << 48;

    @TempDir
    Path tmp;

    private Strand participant;
    private Strand coordinator;
    private Submitter steps;
    private final StepPool pool = new StepPool();
    private final SagaDefinitions definitions =
        new SagaDefinitions(List.of(new TransferSaga(new ShardRouter(1), TransferSaga.DEFAULT_TIMEOUT_NS)));

    @BeforeEach
    void launch()
    {
        participant = Strand.launch(TestEngines.context(tmp.resolve("participant"), TestEngines.errors()));
        coordinator = Strand.launch(TestEngines.context(tmp.resolve("coordinator"), TestEngines.errors()));
        steps = participant.newSubmitter(DISPATCHER);
    }

    @AfterEach
    void close()
    {
        steps.close();
        coordinator.close();
        participant.close();
    }

    @Test
    void aStepIsSentOnlyWithinTheWindowAboveTheLowestOpenOne() throws Exception
    {
        final ParticipantLane lane = lane(0);
        for (long seq = 1; seq <= 1500; seq++)
        {
            lane.requested(hold(seq));
        }
        assertEquals(ClientWindows.WINDOW, lane.send(0));
        awaitOutcomes(lane);
        assertEquals(0, lane.send(0), "answered is not closed: the window stays where it is");
        lane.closed(1);
        assertEquals(1, lane.send(0), "seq 1025 goes once seq 1 is closed");
        lane.closed(3);
        assertEquals(0, lane.send(0), "seq 2 is still open");
        lane.closed(2);
        assertEquals(2, lane.send(0), "1026 and 1027");
        awaitOutcomes(lane);
        assertEquals(1497, lane.openSteps());
    }

    @Test
    void afterARestartTheOpenStepsAreSentAgainInsideTheWindow() throws Exception
    {
        final ParticipantLane lane = lane(1500); // the coordinator had requested 1..1500; these are still open
        for (final long seq : new long[]{1200, 100, 1500})
        {
            lane.requested(hold(seq));
        }
        assertEquals(1, lane.send(0), "1200 and 1500 are more than a window above 100");
        awaitOutcomes(lane);
        lane.closed(100);
        assertEquals(2, lane.send(0));
        awaitOutcomes(lane);
        lane.closed(1200);
        lane.closed(1500);
        assertEquals(0, lane.openSteps());
        assertEquals(0, lane.send(0));
    }

    private ParticipantLane lane(final long lastRequested)
    {
        final CoordinatorProxy proxy = new CoordinatorProxy(coordinator.newSubmitter(DISPATCHER), 1,
            TimeUnit.MILLISECONDS.toNanos(1));
        return new ParticipantLane(0, steps, definitions, proxy, pool, TimeUnit.MILLISECONDS.toNanos(1),
            lastRequested);
    }

    private PendingStep hold(final long seq)
    {
        final AccountCommandType type = AccountCommandType.PLACE_HOLD;
        final UnsafeBuffer body = new UnsafeBuffer(new byte[type.layout().length()]);
        new AccountMessage().wrap(body, 0, type.layout()).put(Field.ACCOUNT_ID, 404).put(Field.HOLD_ID, seq)
            .put(Field.AMOUNT, 1);
        return pool.take().set(seq, TransferSaga.TYPE, 0, StepKind.FORWARD, 0, seq, type.id(), body, 0,
            body.capacity());
    }

    /** Polls until the participant has answered every command sent. */
    private void awaitOutcomes(final ParticipantLane lane) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (steps.inFlight() > 0)
        {
            assertTrue(System.nanoTime() < deadline, "outcomes did not arrive");
            if (lane.poll(0) == 0)
            {
                Thread.sleep(1);
            }
        }
    }
}
