package io.strand.domain.account;

import io.strand.codec.ExcerptEncoder;
import io.strand.codec.RecordDecoder;
import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import io.strand.spi.Reason;
import io.strand.state.JournaledState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.strand.domain.account.AccountCommandType.*;
import static io.strand.domain.account.AccountReason.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Given/then tests of every rule in the reference domain's table: commands in, the exact events (or the typed
 * rejection) out. Each accepted command's events go through the same encoder, decoder and applier as the engine.
 */
class AccountRulesTest
{
    private final Ledger ledger = new Ledger();

    @Test
    void openAccount()
    {
        ledger.when(OPEN_ACCOUNT, 1).then("AccountOpened{accountId=1}");
        ledger.when(OPEN_ACCOUNT, 1).rejected(ACCOUNT_EXISTS);
        ledger.when(OPEN_ACCOUNT, -5).then("AccountOpened{accountId=-5}");
    }

    @Test
    void deposit()
    {
        ledger.given(OPEN_ACCOUNT, 1);
        ledger.when(DEPOSIT, 1, 100).then("MoneyDeposited{accountId=1, amount=100}");
        ledger.when(DEPOSIT, 2, 100).rejected(UNKNOWN_ACCOUNT);
        ledger.when(DEPOSIT, 1, 0).rejected(INVALID_AMOUNT);
        ledger.when(DEPOSIT, 1, -1).rejected(INVALID_AMOUNT);
        ledger.when(DEPOSIT, 1, Long.MAX_VALUE - 100).then("MoneyDeposited{accountId=1, amount=9223372036854775707}");
        ledger.when(DEPOSIT, 1, 1).rejected(AMOUNT_OVERFLOW);
        ledger.when(DEPOSIT, 1, Long.MAX_VALUE).rejected(AMOUNT_OVERFLOW);
        assertEquals(Long.MAX_VALUE, ledger.account(1).balance());
    }

    @Test
    void withdraw()
    {
        ledger.given(OPEN_ACCOUNT, 1).given(DEPOSIT, 1, 100).given(PLACE_HOLD, 1, 7, 30);
        ledger.when(WITHDRAW, 1, 71).rejected(INSUFFICIENT_FUNDS);
        ledger.when(WITHDRAW, 1, 70).then("MoneyWithdrawn{accountId=1, amount=70}");
        ledger.when(WITHDRAW, 1, 0).rejected(INVALID_AMOUNT);
        ledger.when(WITHDRAW, 1, Long.MIN_VALUE).rejected(INVALID_AMOUNT);
        ledger.when(WITHDRAW, 9, 1).rejected(UNKNOWN_ACCOUNT);
        assertEquals(30, ledger.account(1).balance());
        assertEquals(30, ledger.account(1).held());
    }

    @Test
    void transfer()
    {
        ledger.given(OPEN_ACCOUNT, 1).given(OPEN_ACCOUNT, 2).given(DEPOSIT, 1, 100).given(DEPOSIT, 2, Long.MAX_VALUE - 5);
        ledger.when(TRANSFER, 1, 3, 10).rejected(UNKNOWN_ACCOUNT);
        ledger.when(TRANSFER, 3, 1, 10).rejected(UNKNOWN_ACCOUNT);
        ledger.when(TRANSFER, 1, 1, 10).rejected(SAME_ACCOUNT);
        ledger.when(TRANSFER, 1, 2, 0).rejected(INVALID_AMOUNT);
        ledger.when(TRANSFER, 1, 2, 101).rejected(INSUFFICIENT_FUNDS);
        ledger.when(TRANSFER, 1, 2, 6).rejected(AMOUNT_OVERFLOW);
        ledger.when(TRANSFER, 1, 2, 5).then("MoneyTransferred{accountId=1, toAccountId=2, amount=5}");
        ledger.when(TRANSFER, 2, 1, 50).then("MoneyTransferred{accountId=2, toAccountId=1, amount=50}");
        assertEquals(145, ledger.account(1).balance());
        assertEquals(Long.MAX_VALUE - 50, ledger.account(2).balance());
    }

    @Test
    void placeHold()
    {
        ledger.given(OPEN_ACCOUNT, 1).given(DEPOSIT, 1, 100);
        ledger.when(PLACE_HOLD, 2, 1, 10).rejected(UNKNOWN_ACCOUNT);
        ledger.when(PLACE_HOLD, 1, 1, 0).rejected(INVALID_AMOUNT);
        ledger.when(PLACE_HOLD, 1, 1, 101).rejected(INSUFFICIENT_FUNDS);
        ledger.when(PLACE_HOLD, 1, 1, 60).then("HoldPlaced{accountId=1, holdId=1, amount=60}");
        ledger.when(PLACE_HOLD, 1, 1, 10).rejected(DUPLICATE_HOLD);
        ledger.when(PLACE_HOLD, 1, 2, 41).rejected(INSUFFICIENT_FUNDS);
        ledger.when(PLACE_HOLD, 1, 2, 40).then("HoldPlaced{accountId=1, holdId=2, amount=40}");
        assertEquals(100, ledger.account(1).held());
        assertEquals(0, ledger.account(1).available());
    }

    @Test
    void releaseHold()
    {
        ledger.given(OPEN_ACCOUNT, 1).given(DEPOSIT, 1, 100).given(PLACE_HOLD, 1, 9, 60);
        ledger.when(RELEASE_HOLD, 1, 8).rejected(UNKNOWN_HOLD);
        ledger.when(RELEASE_HOLD, 2, 9).rejected(UNKNOWN_ACCOUNT);
        ledger.when(RELEASE_HOLD, 1, 9).then("HoldReleased{accountId=1, holdId=9, amount=60}");
        ledger.when(RELEASE_HOLD, 1, 9).rejected(UNKNOWN_HOLD);
        assertEquals(0, ledger.account(1).held());
        assertEquals(100, ledger.account(1).available());
    }

    @Test
    void captureHoldInFullAndInPart()
    {
        ledger.given(OPEN_ACCOUNT, 1).given(OPEN_ACCOUNT, 2).given(DEPOSIT, 1, 100)
            .given(PLACE_HOLD, 1, 5, 60).given(PLACE_HOLD, 1, 6, 40);
        ledger.when(CAPTURE_HOLD, 1, 4, 10, 2).rejected(UNKNOWN_HOLD);
        ledger.when(CAPTURE_HOLD, 1, 5, 61, 2).rejected(CAPTURE_EXCEEDS_HOLD);
        ledger.when(CAPTURE_HOLD, 1, 5, 10, 3).rejected(UNKNOWN_ACCOUNT);
        ledger.when(CAPTURE_HOLD, 1, 5, 0, 2).rejected(INVALID_AMOUNT);
        ledger.when(CAPTURE_HOLD, 1, 5, 10, 1).rejected(SAME_ACCOUNT);
        ledger.when(CAPTURE_HOLD, 1, 5, 60, 2).then("HoldCaptured{accountId=1, holdId=5, amount=60, toAccountId=2}");
        ledger.when(CAPTURE_HOLD, 1, 6, 15, 2).then(
            "HoldCaptured{accountId=1, holdId=6, amount=15, toAccountId=2}",
            "HoldReleased{accountId=1, holdId=6, amount=25}");
        ledger.when(RELEASE_HOLD, 1, 6).rejected(UNKNOWN_HOLD);
        assertEquals(25, ledger.account(1).balance());
        assertEquals(0, ledger.account(1).held());
        assertEquals(75, ledger.account(2).balance());
    }

    @Test
    void captureThatWouldOverflowTheTarget()
    {
        ledger.given(OPEN_ACCOUNT, 1).given(OPEN_ACCOUNT, 2).given(DEPOSIT, 1, 100).given(PLACE_HOLD, 1, 5, 60)
            .given(DEPOSIT, 2, Long.MAX_VALUE - 10);
        ledger.when(CAPTURE_HOLD, 1, 5, 11, 2).rejected(AMOUNT_OVERFLOW);
        ledger.when(CAPTURE_HOLD, 1, 5, 10, 2).then("HoldCaptured{accountId=1, holdId=5, amount=10, toAccountId=2}",
            "HoldReleased{accountId=1, holdId=5, amount=50}");
    }

    @Test
    void creditInOncePerSaga()
    {
        ledger.given(OPEN_ACCOUNT, 1).given(DEPOSIT, 1, Long.MAX_VALUE - 10);
        ledger.when(CREDIT_IN, 2, 7, 10).rejected(UNKNOWN_ACCOUNT);
        ledger.when(CREDIT_IN, 1, 7, 0).rejected(INVALID_AMOUNT);
        ledger.when(CREDIT_IN, 1, 7, 11).rejected(AMOUNT_OVERFLOW);
        ledger.when(CREDIT_IN, 1, 7, 10).then("MoneyCreditedIn{accountId=1, sagaId=7, amount=10}");
        ledger.when(CREDIT_IN, 1, 7, 10).rejected(SAGA_STEP_DONE);
        assertEquals(Long.MAX_VALUE, ledger.account(1).balance());
        assertEquals(Accounts.CREDITED, ledger.accounts().sagaSteps(7));
    }

    @Test
    void captureOutOncePerSagaReleasingAnyRemainder()
    {
        ledger.given(OPEN_ACCOUNT, 1).given(DEPOSIT, 1, 100).given(PLACE_HOLD, 1, 5, 60).given(PLACE_HOLD, 1, 6, 40);
        ledger.when(CAPTURE_OUT, 2, 5, 3, 60).rejected(UNKNOWN_ACCOUNT);
        ledger.when(CAPTURE_OUT, 1, 4, 3, 60).rejected(UNKNOWN_HOLD);
        ledger.when(CAPTURE_OUT, 1, 5, 3, 0).rejected(INVALID_AMOUNT);
        ledger.when(CAPTURE_OUT, 1, 5, 3, 61).rejected(CAPTURE_EXCEEDS_HOLD);
        ledger.when(CAPTURE_OUT, 1, 5, 3, 60).then("HoldCapturedOut{accountId=1, holdId=5, sagaId=3, amount=60}");
        ledger.when(CAPTURE_OUT, 1, 6, 3, 10).rejected(SAGA_STEP_DONE);
        ledger.when(CAPTURE_OUT, 1, 6, 4, 10).then("HoldCapturedOut{accountId=1, holdId=6, sagaId=4, amount=10}",
            "HoldReleased{accountId=1, holdId=6, amount=30}");
        assertEquals(30, ledger.account(1).balance());
        assertEquals(0, ledger.account(1).held());
        assertEquals(Accounts.CAPTURED, ledger.accounts().sagaSteps(3));
    }

    @Test
    void malformedAndUnknownCommands()
    {
        ledger.given(OPEN_ACCOUNT, 1);
        ledger.whenRaw(99, new byte[16]).rejected(EngineReason.UNKNOWN_COMMAND_TYPE);
        ledger.whenRaw(0, new byte[8]).rejected(EngineReason.UNKNOWN_COMMAND_TYPE);
        ledger.whenRaw(DEPOSIT.id(), new byte[8]).rejected(EngineReason.MALFORMED);
        ledger.whenRaw(DEPOSIT.id(), new byte[24]).rejected(EngineReason.MALFORMED);
        ledger.whenRaw(OPEN_ACCOUNT.id(), new byte[0]).rejected(EngineReason.MALFORMED);
    }

    /** A ledger driven command by command through the handler, the excerpt codec and the applier. */
    static final class Ledger
    {
        private final AccountModel model = new AccountModel();
        private final JournaledState state = new JournaledState(model);
        private final ExcerptEncoder encoder = new ExcerptEncoder(4096);
        private final RecordDecoder decoder = new RecordDecoder();
        private final UnsafeBuffer command = new UnsafeBuffer(new byte[64]);
        private final AccountMessage message = new AccountMessage();
        private final AccountMessage eventView = new AccountMessage();
        private long seq;

        Ledger given(final AccountCommandType type, final long... fields)
        {
            final Result result = when(type, fields);
            assertEquals(List.of(), result.reason == null ? List.of() : List.of(result.reason),
                "given " + type + " was rejected");
            return this;
        }

        Result when(final AccountCommandType type, final long... fields)
        {
            final Field[] layout = type.layout().fields();
            assertEquals(layout.length, fields.length, "fields of " + type);
            message.wrap(command, 0, type.layout());
            for (int i = 0; i < layout.length; i++)
            {
                message.put(layout[i], fields[i]);
            }
            return run(type.id(), type.layout().length());
        }

        Result whenRaw(final int typeId, final byte[] body)
        {
            command.putBytes(0, body);
            return run(typeId, body.length);
        }

        Account account(final long id)
        {
            return model.accounts().get(id);
        }

        Accounts accounts()
        {
            return model.accounts();
        }

        private Result run(final int typeId, final int length)
        {
            final long headBefore = state.lastIndex();
            encoder.clear();
            encoder.begin(headBefore + 1, 1000 + seq, 1, ++seq);
            final int code = model.handler().onCommand(typeId, command, 0, length, encoder);
            if (code != CommandHandler.ACCEPT)
            {
                assertEquals(headBefore, state.lastIndex());
                return new Result(rejection(code), List.of());
            }
            encoder.finish();
            decoder.wrap(encoder.buffer(), 0, encoder.length());
            assertEquals(null, decoder.check());
            final List<String> events = new ArrayList<>();
            while (decoder.nextEvent())
            {
                events.add(describe());
            }
            decoder.wrap(encoder.buffer(), 0, encoder.length());
            state.apply(decoder);
            return new Result(null, events);
        }

        private String describe()
        {
            final AccountEventType type = AccountEventType.of(decoder.type());
            assertEquals(AccountEventType.VERSION, decoder.version());
            eventView.wrap(decoder.buffer(), decoder.offset(), type.layout());
            final StringBuilder sb = new StringBuilder(type.eventName()).append('{');
            final Field[] fields = type.layout().fields();
            for (int i = 0; i < fields.length; i++)
            {
                sb.append(i == 0 ? "" : ", ").append(fields[i].jsonName()).append('=').append(eventView.get(fields[i]));
            }
            return sb.append('}').toString();
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
            for (final Reason r : AccountReason.values())
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
            assertEquals(null, reason, "expected acceptance");
            assertEquals(List.of(expected), events);
        }

        void rejected(final Reason expected)
        {
            assertEquals(expected, reason);
            assertEquals(List.of(), events);
        }
    }
}
