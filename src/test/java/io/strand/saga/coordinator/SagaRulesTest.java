package io.strand.saga.coordinator;

import io.strand.codec.ExcerptEncoder;
import io.strand.codec.RecordDecoder;
import io.strand.shard.ShardRouter;
import io.strand.shard.TransferSaga;
import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import io.strand.spi.Reason;
import io.strand.spi.StateWriter;
import io.strand.state.JournaledState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.strand.saga.coordinator.SagaDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Given/then tests of the saga state machine with the transfer as the saga: commands in, the exact events (or the
 * typed refusal) out, each through the same encoder, decoder and applier as the engine. Two shards: account 10 is
 * on shard 0, account 11 on shard 1.
 */
class SagaRulesTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_000 * SECOND;
    private static final long TIMEOUT = 5 * SECOND;
    private static final int HOLD = 5;
    private static final int RELEASE = 6;
    private static final int CREDIT = 8;
    private static final int CAPTURE = 9;

    private final Coordinator coordinator = new Coordinator();

    @Test
    void happyPathHoldsCreditsAndCaptures()
    {
        coordinator.when(start(10, 11, 70)).then(
            "SagaStarted{sagaId=1, sagaType=1, deadline=" + (T0 + TIMEOUT) + ", param0=10, param1=11, param2=70}",
            requested(1, 0, StepKind.FORWARD, 0, 1, SagaLifecycle.RUNNING, HOLD));
        coordinator.when(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41)).then(
            succeeded(1, 0, StepKind.FORWARD, 0, 1, 41),
            requested(1, 1, StepKind.FORWARD, 1, 1, SagaLifecycle.RUNNING, CREDIT));
        coordinator.when(outcome(1, 1, StepKind.FORWARD, 1, 1, StepResult.SUCCEEDED, 0, 7)).then(
            succeeded(1, 1, StepKind.FORWARD, 1, 1, 7),
            requested(1, 2, StepKind.FORWARD, 0, 2, SagaLifecycle.RUNNING, CAPTURE));
        coordinator.when(outcome(1, 2, StepKind.FORWARD, 0, 2, StepResult.SUCCEEDED, 0, 43)).then(
            succeeded(1, 2, StepKind.FORWARD, 0, 2, 43),
            ended("SagaCompleted", 1));
        assertEquals(0, coordinator.book().openCount());
        assertEquals(1, coordinator.book().completedCount());
        assertEquals(2, coordinator.book().lastSeq(0));
        assertEquals(1, coordinator.book().lastSeq(1));
    }

    @Test
    void aRejectedHoldAborts()
    {
        coordinator.given(start(10, 11, 70));
        coordinator.when(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.FAILED, 104, 0)).then(
            failed(1, 0, StepKind.FORWARD, 0, 1, 104),
            ended("SagaAborted", 1));
        assertEquals(1, coordinator.book().abortedCount());
        assertEquals(0, coordinator.book().openCount());
    }

    @Test
    void aRejectedCreditReleasesTheHold()
    {
        coordinator.given(start(10, 11, 70)).given(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41));
        coordinator.when(outcome(1, 1, StepKind.FORWARD, 1, 1, StepResult.FAILED, 101, 0)).then(
            failed(1, 1, StepKind.FORWARD, 1, 1, 101),
            "CompensationStarted{sagaId=1}",
            requested(1, 0, StepKind.COMPENSATION, 0, 2, SagaLifecycle.COMPENSATING, RELEASE));
        assertEquals(SagaLifecycle.COMPENSATING, coordinator.book().get(1).lifecycle());
        coordinator.when(outcome(1, 0, StepKind.COMPENSATION, 0, 2, StepResult.SUCCEEDED, 0, 45)).then(
            succeeded(1, 0, StepKind.COMPENSATION, 0, 2, 45),
            ended("SagaAborted", 1));
        assertEquals(1, coordinator.book().abortedCount());
    }

    @Test
    void aDeadlineBeforeThePointOfNoReturnCompensatesOnceTheStepInFlightIsKnown()
    {
        coordinator.given(start(10, 11, 70));
        coordinator.when(tick(T0 + TIMEOUT - 1)).rejected(SagaReason.NOTHING_DUE);
        coordinator.when(tick(T0 + TIMEOUT)).then("DeadlineExpired{sagaId=1, lifecycle=" +
            SagaLifecycle.EXPIRING.ordinal() + "}");
        coordinator.when(tick(T0 + TIMEOUT + SECOND)).rejected(SagaReason.NOTHING_DUE);
        // the hold was in flight: it is not compensated blind; its outcome comes first
        coordinator.when(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41)).then(
            succeeded(1, 0, StepKind.FORWARD, 0, 1, 41),
            "CompensationStarted{sagaId=1}",
            requested(1, 0, StepKind.COMPENSATION, 0, 2, SagaLifecycle.COMPENSATING, RELEASE));
        coordinator.when(outcome(1, 0, StepKind.COMPENSATION, 0, 2, StepResult.SUCCEEDED, 0, 42)).then(
            succeeded(1, 0, StepKind.COMPENSATION, 0, 2, 42),
            ended("SagaAborted", 1));
    }

    @Test
    void aDeadlineWhileTheCreditIsInFlightDrivesForwardWhenTheCreditSucceeds()
    {
        coordinator.given(start(10, 11, 70)).given(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41));
        coordinator.when(tick(T0 + TIMEOUT)).then("DeadlineExpired{sagaId=1, lifecycle=" +
            SagaLifecycle.EXPIRING.ordinal() + "}");
        coordinator.when(outcome(1, 1, StepKind.FORWARD, 1, 1, StepResult.SUCCEEDED, 0, 7)).then(
            succeeded(1, 1, StepKind.FORWARD, 1, 1, 7),
            requested(1, 2, StepKind.FORWARD, 0, 2, SagaLifecycle.FINISHING, CAPTURE));
        coordinator.when(outcome(1, 2, StepKind.FORWARD, 0, 2, StepResult.SUCCEEDED, 0, 43)).then(
            succeeded(1, 2, StepKind.FORWARD, 0, 2, 43),
            ended("SagaCompleted", 1));
    }

    @Test
    void aDeadlineAfterThePointOfNoReturnDrivesForward()
    {
        coordinator.given(start(10, 11, 70)).given(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41))
            .given(outcome(1, 1, StepKind.FORWARD, 1, 1, StepResult.SUCCEEDED, 0, 7));
        coordinator.when(tick(T0 + TIMEOUT + SECOND)).then("DeadlineExpired{sagaId=1, lifecycle=" +
            SagaLifecycle.FINISHING.ordinal() + "}");
        coordinator.when(outcome(1, 2, StepKind.FORWARD, 0, 2, StepResult.SUCCEEDED, 0, 43)).then(
            succeeded(1, 2, StepKind.FORWARD, 0, 2, 43),
            ended("SagaCompleted", 1));
    }

    @Test
    void aTickExpiresInDeadlineOrder()
    {
        coordinator.given(start(10, 11, 1, T0 + 3 * SECOND)).given(start(11, 10, 1, T0)).given(start(10, 11, 1,
            T0 + SECOND)).given(start(10, 11, 1, T0 + 9 * SECOND));
        coordinator.when(tick(T0 + TIMEOUT + 3 * SECOND)).then(
            "DeadlineExpired{sagaId=2, lifecycle=" + SagaLifecycle.EXPIRING.ordinal() + "}",
            "DeadlineExpired{sagaId=3, lifecycle=" + SagaLifecycle.EXPIRING.ordinal() + "}",
            "DeadlineExpired{sagaId=1, lifecycle=" + SagaLifecycle.EXPIRING.ordinal() + "}");
        assertEquals(SagaLifecycle.RUNNING, coordinator.book().get(4).lifecycle());
    }

    @Test
    void aRefusedCompensationOrStepAfterThePointOfNoReturnIsStuck()
    {
        coordinator.given(start(10, 11, 70)).given(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41))
            .given(outcome(1, 1, StepKind.FORWARD, 1, 1, StepResult.FAILED, 101, 0));
        coordinator.when(outcome(1, 0, StepKind.COMPENSATION, 0, 2, StepResult.FAILED, 107, 0)).then(
            failed(1, 0, StepKind.COMPENSATION, 0, 2, 107),
            ended("SagaStuck", 1));
        assertEquals(SagaLifecycle.STUCK, coordinator.book().get(1).lifecycle());
        assertEquals(107, coordinator.book().get(1).lastReason());

        coordinator.given(start(10, 11, 70)).given(outcome(2, 0, StepKind.FORWARD, 0, 3, StepResult.SUCCEEDED, 0, 50))
            .given(outcome(2, 1, StepKind.FORWARD, 1, 2, StepResult.SUCCEEDED, 0, 51));
        coordinator.when(outcome(2, 2, StepKind.FORWARD, 0, 4, StepResult.FAILED, 107, 0)).then(
            failed(2, 2, StepKind.FORWARD, 0, 4, 107),
            ended("SagaStuck", 2));
        assertEquals(2, coordinator.book().openCount(), "stuck sagas stay open");
    }

    @Test
    void aStepWhoseOutcomeCannotBeKnownIsStuckNotCompensated()
    {
        coordinator.given(start(10, 11, 70));
        coordinator.when(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.UNKNOWABLE, 3, 0)).then(
            failed(1, 0, StepKind.FORWARD, 0, 1, 3),
            ended("SagaStuck", 1));
    }

    @Test
    void lateRepeatedOrWrongOutcomesChangeNothing()
    {
        coordinator.given(start(10, 11, 70)).given(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41));
        coordinator.when(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41))
            .rejected(SagaReason.STALE_OUTCOME);
        coordinator.when(outcome(1, 1, StepKind.FORWARD, 1, 2, StepResult.SUCCEEDED, 0, 7))
            .rejected(SagaReason.STALE_OUTCOME);
        coordinator.when(outcome(1, 1, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 7))
            .rejected(SagaReason.STALE_OUTCOME);
        coordinator.when(outcome(9, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41))
            .rejected(SagaReason.UNKNOWN_SAGA);
    }

    @Test
    void badStarts()
    {
        coordinator.when(start(10, 10, 70)).rejected(SagaReason.INVALID_PARAMETERS);
        coordinator.when(start(10, 11, 0)).rejected(SagaReason.INVALID_PARAMETERS);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[startLength(2)]);
        body.putInt(START_TYPE, TransferSaga.TYPE);
        body.putInt(START_PARAM_COUNT, 2);
        coordinator.when(SagaCommandType.START_SAGA.id(), body).rejected(SagaReason.INVALID_PARAMETERS);
        body.putInt(START_TYPE, 7);
        coordinator.when(SagaCommandType.START_SAGA.id(), body).rejected(SagaReason.UNKNOWN_SAGA_TYPE);
        body.putInt(START_PARAM_COUNT, 3);
        coordinator.when(SagaCommandType.START_SAGA.id(), body).rejected(EngineReason.MALFORMED);
        coordinator.when(SagaCommandType.TICK.id(), new UnsafeBuffer(new byte[4])).rejected(EngineReason.MALFORMED);
        coordinator.when(99, new UnsafeBuffer(new byte[8])).rejected(EngineReason.UNKNOWN_COMMAND_TYPE);
        assertEquals(0, coordinator.book().lastSagaId());
    }

    @Test
    void stateSurvivesItsSnapshotForm()
    {
        coordinator.given(start(10, 11, 70)).given(start(11, 10, 5)).given(start(10, 11, 1))
            .given(outcome(1, 0, StepKind.FORWARD, 0, 1, StepResult.SUCCEEDED, 0, 41))
            .given(outcome(2, 0, StepKind.FORWARD, 1, 1, StepResult.FAILED, 104, 0))
            .given(tick(T0 + TIMEOUT));
        final StateWriter written = new StateWriter(1024);
        coordinator.model.writeState(written);
        final SagaModel loaded = new SagaModel(definitions(), 2);
        loaded.readState(new io.strand.spi.StateReader(written.buffer(), 0, written.length()), loaded.stateVersion());
        assertEquals(coordinator.book(), loaded.book());
        assertEquals(2, loaded.book().openCount());
        final StateWriter again = new StateWriter(1024);
        loaded.writeState(again);
        assertEquals(written.length(), again.length());
        assertTrue(sameBytes(written, again), "equal states write equal bytes");
    }

    private static boolean sameBytes(final StateWriter a, final StateWriter b)
    {
        for (int i = 0; i < a.length(); i++)
        {
            if (a.buffer().getByte(i) != b.buffer().getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    static SagaDefinitions definitions()
    {
        return new SagaDefinitions(List.of(new TransferSaga(new ShardRouter(2), TIMEOUT)));
    }

    private static UnsafeBuffer start(final long from, final long to, final long amount)
    {
        return start(from, to, amount, T0);
    }

    private static UnsafeBuffer start(final long from, final long to, final long amount, final long requestedAt)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[startLength(3)]);
        body.putInt(START_TYPE, TransferSaga.TYPE);
        body.putInt(START_PARAM_COUNT, 3);
        body.putLong(START_REQUESTED_AT, requestedAt);
        body.putLong(START_PARAMS, from);
        body.putLong(START_PARAMS + 8, to);
        body.putLong(START_PARAMS + 16, amount);
        return body;
    }

    private static UnsafeBuffer outcome(final long sagaId, final int step, final StepKind kind, final int participant,
        final long clientSeq, final StepResult result, final int reason, final long index)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[OUTCOME_LENGTH]);
        body.putLong(OUTCOME_SAGA_ID, sagaId);
        body.putLong(OUTCOME_CLIENT_SEQ, clientSeq);
        body.putLong(OUTCOME_INDEX, index);
        body.putInt(OUTCOME_STEP, step);
        body.putInt(OUTCOME_KIND, kind.ordinal());
        body.putInt(OUTCOME_PARTICIPANT, participant);
        body.putInt(OUTCOME_VERDICT, result.ordinal());
        body.putInt(OUTCOME_REASON, reason);
        return body;
    }

    private static UnsafeBuffer tick(final long now)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[TICK_LENGTH]);
        body.putLong(TICK_NOW, now);
        return body;
    }

    private static String requested(final long sagaId, final int step, final StepKind kind, final int participant,
        final long clientSeq, final SagaLifecycle lifecycle, final int commandType)
    {
        return "StepRequested{sagaId=" + sagaId + ", step=" + step + ", kind=" + kind.ordinal() + ", participant=" +
            participant + ", stepClientSeq=" + clientSeq + ", lifecycle=" + lifecycle.ordinal() + ", commandType=" +
            commandType + "}";
    }

    private static String succeeded(final long sagaId, final int step, final StepKind kind, final int participant,
        final long clientSeq, final long index)
    {
        return "StepSucceeded{sagaId=" + sagaId + ", step=" + step + ", kind=" + kind.ordinal() + ", participant=" +
            participant + ", stepClientSeq=" + clientSeq + ", stepIndex=" + index + ", reason=0}";
    }

    private static String failed(final long sagaId, final int step, final StepKind kind, final int participant,
        final long clientSeq, final int reason)
    {
        return "StepFailed{sagaId=" + sagaId + ", step=" + step + ", kind=" + kind.ordinal() + ", participant=" +
            participant + ", stepClientSeq=" + clientSeq + ", stepIndex=0, reason=" + reason + "}";
    }

    /** The starter of every saga here is client 7, its n-th command the n-th start. */
    private String ended(final String name, final long sagaId)
    {
        return name + "{sagaId=" + sagaId + ", sagaType=1, starterClientId=7, starterClientSeq=" +
            coordinator.starterSeq(sagaId) + ", startedAt=" + coordinator.startedAt(sagaId) + "}";
    }

    /** A coordinator driven command by command through the handler, the excerpt codec and the applier. */
    static final class Coordinator
    {
        final SagaModel model = new SagaModel(definitions(), 2);
        private final JournaledState state = new JournaledState(model);
        private final ExcerptEncoder encoder = new ExcerptEncoder(8192);
        private final RecordDecoder decoder = new RecordDecoder();
        private final SagaEventSchema schema = new SagaEventSchema();
        private final List<long[]> starts = new ArrayList<>();
        private long seq;

        Coordinator given(final UnsafeBuffer body)
        {
            final int type = body.capacity() == OUTCOME_LENGTH ? SagaCommandType.STEP_OUTCOME.id() :
                body.capacity() == TICK_LENGTH ? SagaCommandType.TICK.id() : SagaCommandType.START_SAGA.id();
            final Result result = when(type, body);
            assertNull(result.reason, () -> "given command was rejected " + result.reason);
            return this;
        }

        Result when(final UnsafeBuffer body)
        {
            return when(body.capacity() == TICK_LENGTH ? SagaCommandType.TICK.id() :
                body.capacity() == OUTCOME_LENGTH ? SagaCommandType.STEP_OUTCOME.id() :
                SagaCommandType.START_SAGA.id(), body);
        }

        Result when(final int typeId, final UnsafeBuffer body)
        {
            final long headBefore = state.lastIndex();
            final long timestamp = T0 + seq;
            encoder.clear();
            encoder.begin(headBefore + 1, timestamp, 7, ++seq);
            final int code = model.handler().onCommand(typeId, body, 0, body.capacity(), encoder);
            if (code != CommandHandler.ACCEPT)
            {
                return new Result(rejection(code), List.of());
            }
            encoder.finish();
            decoder.wrap(encoder.buffer(), 0, encoder.length());
            assertNull(decoder.check());
            final List<String> events = new ArrayList<>();
            while (decoder.nextEvent())
            {
                final StringBuilder sb = new StringBuilder(schema.typeName(decoder.type())).append('{');
                final int mark = sb.length();
                schema.describe(decoder, (name, value) -> sb.append(sb.length() == mark ? "" : ", ").append(name)
                    .append('=').append(value));
                events.add(sb.append('}').toString());
                if (decoder.type() == SagaEventType.SAGA_STARTED.id())
                {
                    starts.add(new long[]{seq, timestamp});
                }
            }
            decoder.wrap(encoder.buffer(), 0, encoder.length());
            state.apply(decoder);
            return new Result(null, events);
        }

        SagaBook book()
        {
            return model.book();
        }

        long starterSeq(final long sagaId)
        {
            return starts.get((int)sagaId - 1)[0];
        }

        long startedAt(final long sagaId)
        {
            return starts.get((int)sagaId - 1)[1];
        }

        private static Reason rejection(final int code)
        {
            for (final Reason r : EngineReason.values())
            {
                if (r.code() == code)
                {
                    return r;
                }
            }
            for (final Reason r : SagaReason.values())
            {
                if (r.code() == code)
                {
                    return r;
                }
            }
            throw new AssertionError("unknown reason code " + code);
        }
    }

    record Result(Reason reason, List<String> events)
    {
        void then(final String... expected)
        {
            assertNull(reason, "expected acceptance");
            assertEquals(List.of(expected), events);
        }

        void rejected(final Reason expected)
        {
            assertEquals(expected, reason);
            assertEquals(List.of(), events);
        }
    }
}
