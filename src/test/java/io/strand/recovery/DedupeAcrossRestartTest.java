package io.strand.recovery;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountReason;
import io.strand.engine.Strand;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.spi.EngineReason;
import io.strand.state.ClientWindows;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A command re-sent after a restart with the same (clientId, clientSeq) is answered DUPLICATE_COMMAND with the
 * original's index if it was journaled, and processed if it was not; with and without a snapshot in between.
 */
class DedupeAcrossRestartTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path dir;

    @Test
    void resentCommandsAreAnsweredFromTheJournal()
    {
        for (final boolean snapshots : new boolean[]{false, true})
        {
            final Path journal = dir.resolve("snapshots-" + snapshots);
            final long depositIndex;
            try (Strand strand = Strand.launch(TestEngines.context(journal, TestEngines.errors()).snapshots(snapshots)))
            {
                final Submitter s = strand.newSubmitter(1);
                final AccountCommands c = new AccountCommands(s);
                assertTrue(send(s, 1, c.openAccount(1, 10)).accepted());
                depositIndex = send(s, 2, c.deposit(2, 10, 100)).index();
                assertEquals(AccountReason.INSUFFICIENT_FUNDS, send(s, 3, c.withdraw(3, 10, 1_000)).reason());
                assertTrue(send(s, 4, c.deposit(4, 10, 5)).accepted());
            }
            try (Strand strand = Strand.launch(TestEngines.context(journal, TestEngines.errors()).snapshots(snapshots)))
            {
                if (snapshots)
                {
                    assertNotNull(strand.recovery().snapshot(), "recovered from the shutdown snapshot");
                }
                final Submitter s = strand.newSubmitter(1);
                final AccountCommands c = new AccountCommands(s);
                final Outcome again = send(s, 2, c.deposit(2, 10, 100));
                assertEquals(EngineReason.DUPLICATE_COMMAND, again.reason());
                assertEquals(depositIndex, again.index(), "the original's index");
                final Outcome rejectedBefore = send(s, 3, c.withdraw(3, 10, 50));
                assertTrue(rejectedBefore.accepted(), "seq 3 was never journaled, so it is processed: " + rejectedBefore);
                assertEquals(EngineReason.DUPLICATE_COMMAND, send(s, 4, c.deposit(4, 10, 5)).reason());
                assertTrue(send(s, 5, c.deposit(5, 10, 1)).accepted());
                strand.close();
                assertEquals(56, ((io.strand.domain.account.AccountModel)strand.state().model()).accounts().get(10)
                    .balance(), "100 + 5 - 50 + 1: nothing applied twice");
            }
        }
    }

    @Test
    void aCommandOlderThanTheWindowIsADuplicateWithoutIndex()
    {
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
        {
            final Submitter s = strand.newSubmitter(7);
            final AccountCommands c = new AccountCommands(s);
            assertTrue(send(s, 1, c.openAccount(1, 1)).accepted());
            for (long seq = 2; seq <= ClientWindows.WINDOW + 10; seq++)
            {
                assertTrue(send(s, seq, c.deposit(seq, 1, 1)).accepted());
            }
            final Outcome ancient = send(s, 1, c.openAccount(1, 2));
            assertEquals(EngineReason.DUPLICATE_COMMAND, ancient.reason(), "never journaled twice");
            assertEquals(0, ancient.index(), "too old to name its index");
        }
    }

    private static Outcome send(final Submitter submitter, final long clientSeq, final io.strand.ingress.OfferResult r)
    {
        assertEquals(io.strand.ingress.OfferResult.OFFERED, r);
        return submitter.await(clientSeq, TIMEOUT);
    }
}
