package io.strand.shard;

import io.strand.domain.account.AccountCommandType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.AccountReason;
import io.strand.domain.account.Field;
import io.strand.ingress.OfferResult;
import io.strand.saga.SagaClient;
import io.strand.saga.SagaDefinition;
import io.strand.saga.SagaParams;
import io.strand.saga.SagaStep;
import io.strand.saga.StepCommand;
import io.strand.saga.StepVerdict;
import io.strand.spi.Reason;

import java.util.concurrent.TimeUnit;

/**
 * The cross-shard transfer, the reference saga: hold the amount on the source account (PlaceHold, undone by
 * ReleaseHold), credit the target on its shard (CreditIn: the point of no return), capture the hold out of the
 * source (CaptureOut). A rejected hold aborts; a rejected credit releases the hold; once the credit is done the
 * saga only goes forward. Credit and capture are once per saga id inside a shard, so a step answered
 * SAGA_STEP_DONE counts as done. Participants are the shards: participant i is shard i.
 * <p>
 * Parameters: {@link #FROM}, {@link #TO}, {@link #AMOUNT}. The hold's id is the saga id with {@link #HOLD_ID_BIT}
 * set, apart from the holds clients place themselves.
 */
public final class TransferSaga implements SagaDefinition
{
    /** The saga type id. */
    public static final int TYPE = 1;
    public static final int FROM = 0;
    public static final int TO = 1;
    public static final int AMOUNT = 2;
    /** Set in the id of every hold a transfer saga places. */
    public static final long HOLD_ID_BIT = 1L << 62;
    /** Forward steps. */
    public static final int HOLD = 0;
    public static final int CREDIT = 1;
    public static final int CAPTURE = 2;
    /** Deadline of a transfer when none is given. */
    public static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final ShardRouter router;
    private final long timeoutNanos;
    private final SagaStep[] steps;
    private final SagaStep release;

    public TransferSaga(final ShardRouter router, final long timeoutNanos)
    {
        this.router = router;
        this.timeoutNanos = timeoutNanos;
        this.steps = new SagaStep[]{new Hold(), new Credit(), new Capture()};
        this.release = new Release();
    }

    /**
     * @return the id of the hold the saga places.
     */
    public static long holdId(final long sagaId)
    {
        return HOLD_ID_BIT | sagaId;
    }

    /**
     * @return the saga id of a hold a transfer saga placed, or 0 for any other hold.
     */
    public static long sagaOfHold(final long holdId)
    {
        return (holdId & HOLD_ID_BIT) != 0 && holdId > 0 ? holdId & ~HOLD_ID_BIT : 0;
    }

    /**
     * Starts a transfer through a saga client: claim, parameters, commit. Allocates nothing.
     */
    public static OfferResult start(final SagaClient client, final long clientSeq, final long from, final long to,
        final long amount)
    {
        final int offset = client.claim(clientSeq, TYPE, 3);
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        return client.param(FROM, from).param(TO, to).param(AMOUNT, amount).commit();
    }

    public int type()
    {
        return TYPE;
    }

    public String name()
    {
        return "transfer";
    }

    public int paramCount()
    {
        return 3;
    }

    public long timeoutNanos()
    {
        return timeoutNanos;
    }

    public int stepCount()
    {
        return steps.length;
    }

    public SagaStep step(final int index)
    {
        return steps[index];
    }

    public SagaStep compensation(final int index)
    {
        return index == HOLD ? release : null;
    }

    public boolean accepts(final SagaParams params)
    {
        return params.get(AMOUNT) > 0 && params.get(FROM) != params.get(TO);
    }

    /** Writes one account command with the fields the step gives, through the domain's own flyweight. */
    private abstract static class AccountStep implements SagaStep
    {
        private final AccountMessage message = new AccountMessage();

        AccountMessage claim(final StepCommand out, final AccountCommandType type)
        {
            return message.wrap(out.buffer(), out.claim(type.id(), type.layout().length()), type.layout());
        }
    }

    private final class Hold extends AccountStep
    {
        public String name()
        {
            return "hold";
        }

        public int participant(final SagaParams params)
        {
            return router.shardOf(params.get(FROM));
        }

        public void command(final SagaParams params, final StepCommand out)
        {
            claim(out, AccountCommandType.PLACE_HOLD).put(Field.ACCOUNT_ID, params.get(FROM))
                .put(Field.HOLD_ID, holdId(params.sagaId())).put(Field.AMOUNT, params.get(AMOUNT));
        }
    }

    private final class Release extends AccountStep
    {
        public String name()
        {
            return "release";
        }

        public int participant(final SagaParams params)
        {
            return router.shardOf(params.get(FROM));
        }

        public void command(final SagaParams params, final StepCommand out)
        {
            claim(out, AccountCommandType.RELEASE_HOLD).put(Field.ACCOUNT_ID, params.get(FROM))
                .put(Field.HOLD_ID, holdId(params.sagaId()));
        }
    }

    private final class Credit extends AccountStep
    {
        public String name()
        {
            return "credit";
        }

        public int participant(final SagaParams params)
        {
            return router.shardOf(params.get(TO));
        }

        public void command(final SagaParams params, final StepCommand out)
        {
            claim(out, AccountCommandType.CREDIT_IN).put(Field.ACCOUNT_ID, params.get(TO))
                .put(Field.SAGA_ID, params.sagaId()).put(Field.AMOUNT, params.get(AMOUNT));
        }

        public StepVerdict onRejected(final Reason reason)
        {
            return reason == AccountReason.SAGA_STEP_DONE ? StepVerdict.SUCCEEDED : StepVerdict.FAILED;
        }
    }

    private final class Capture extends AccountStep
    {
        public String name()
        {
            return "capture";
        }

        public int participant(final SagaParams params)
        {
            return router.shardOf(params.get(FROM));
        }

        public void command(final SagaParams params, final StepCommand out)
        {
            claim(out, AccountCommandType.CAPTURE_OUT).put(Field.ACCOUNT_ID, params.get(FROM))
                .put(Field.HOLD_ID, holdId(params.sagaId())).put(Field.SAGA_ID, params.sagaId())
                .put(Field.AMOUNT, params.get(AMOUNT));
        }

        public StepVerdict onRejected(final Reason reason)
        {
            return reason == AccountReason.SAGA_STEP_DONE ? StepVerdict.SUCCEEDED : StepVerdict.FAILED;
        }
    }
}
