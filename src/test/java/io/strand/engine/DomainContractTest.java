package io.strand.engine;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountCommandType;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import io.strand.support.AccountModelWith;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine holds a domain's handler to its contract, whatever the handler returns: a reason code the domain
 * never declared, or an acceptance of events the sink refused, is the engine's to answer with a typed reason, and
 * the commands around it are still answered.
 */
class DomainContractTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path dir;

    @Test
    void anUndeclaredReasonCodeIsAnsweredHandlerFailedAndTheWriterGoesOn() throws Exception
    {
        final StrandContext ctx = TestEngines.context(dir, TestEngines.errors()).snapshots(false)
            .model(() -> AccountModelWith.handler(real -> (type, buffer, offset, length, events) ->
                type == AccountCommandType.WITHDRAW.id() ? 999 : real.onCommand(type, buffer, offset, length, events)));
        try (Strand strand = Strand.launch(ctx))
        {
            final Submitter submitter = strand.newSubmitter(1);
            final AccountCommands commands = new AccountCommands(submitter);
            commands.openAccount(1, 7);
            assertTrue(submitter.await(1, TIMEOUT).accepted());
            commands.withdraw(2, 7, 1);
            assertEquals(EngineReason.HANDLER_FAILED, submitter.await(2, TIMEOUT).reason());
            commands.deposit(3, 7, 5);
            final Outcome after = submitter.await(3, TIMEOUT);
            assertTrue(after.accepted(), after::toString);
        }
    }

    @Test
    void anAcceptanceOfEventsTheSinkRefusedIsEventsTooLargeAndNothingIsJournaled() throws Exception
    {
        final StrandContext ctx = TestEngines.context(dir, TestEngines.errors()).snapshots(false)
            .model(() -> AccountModelWith.handler(real -> (type, buffer, offset, length, events) ->
            {
                real.onCommand(type, buffer, offset, length, events);
                events.claim(2, 1, 1 << 20); // NO_ROOM, ignored
                return CommandHandler.ACCEPT;
            }));
        try (Strand strand = Strand.launch(ctx))
        {
            final Submitter submitter = strand.newSubmitter(1);
            new AccountCommands(submitter).openAccount(1, 7);
            assertEquals(EngineReason.EVENTS_TOO_LARGE, submitter.await(1, TIMEOUT).reason());
        }
        assertEquals(0, TestEngines.replay(dir).lastIndex(), "no partial record was journaled");
    }
}
