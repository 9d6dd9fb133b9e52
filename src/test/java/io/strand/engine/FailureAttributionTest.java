package io.strand.engine;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.readmodel.AccountProjections;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalRepair;
import io.strand.spi.DomainModel;
import io.strand.spi.Reason;
import io.strand.support.AccountModelWith;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Failures are charged to whoever failed: an applier that throws during recovery is not journal damage (nothing
 * is quarantined), a listener that throws does not leak in-flight slots, concurrent rebuild requests share one.
 */
class FailureAttributionTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path dir;

    @Test
    void anApplierThatThrowsInRecoveryIsNotTakenForDamage()
    {
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors()).snapshots(false)))
        {
            final Submitter submitter = strand.newSubmitter(1);
            new AccountCommands(submitter).openAccount(1, 1);
            assertTrue(submitter.await(1, TIMEOUT).accepted());
        }
        final DomainModel broken = AccountModelWith.applier(real -> event ->
        {
            throw new IllegalStateException("applier bug");
        });
        final RuntimeException failure = assertThrows(RuntimeException.class,
            () -> Strand.launch(TestEngines.context(dir, TestEngines.errors()).snapshots(false).model(() -> broken)));
        assertFalse(failure instanceof JournalCorruptedException, failure.toString());
        assertEquals("applier bug", failure.getMessage());
        assertFalse(Files.exists(dir.resolve(JournalRepair.QUARANTINE_DIR)), "nothing was quarantined");
    }

    @Test
    void aListenerThatThrowsDoesNotLeakInFlightSlots()
    {
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
        {
            final Submitter submitter = strand.newSubmitter(1);
            new AccountCommands(submitter).openAccount(1, 1);
            final OutcomeListener throwing = new OutcomeListener()
            {
                public void onAccepted(final long clientSeq, final long index)
                {
                    throw new IllegalStateException("listener bug");
                }

                public void onRejected(final long clientSeq, final Reason reason, final long index)
                {
                    throw new IllegalStateException("listener bug");
                }
            };
            final long deadline = System.nanoTime() + TIMEOUT;
            boolean thrown = false;
            while (!thrown && System.nanoTime() < deadline)
            {
                try
                {
                    submitter.poll(throwing, 10);
                }
                catch (final IllegalStateException expected)
                {
                    thrown = true;
                }
            }
            assertTrue(thrown);
            assertEquals(0, submitter.inFlight());
        }
    }

    @Test
    void rebuildRequestsMadeTogetherAllComplete() throws Exception
    {
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())
            .projections(java.util.List.of(AccountProjections.BALANCES))))
        {
            final Submitter submitter = strand.newSubmitter(1);
            new AccountCommands(submitter).openAccount(1, 1);
            assertTrue(submitter.await(1, TIMEOUT).accepted());
            // a rebuild targets where the live model is: let it get there first
            assertTrue(strand.projection(AccountProjections.BALANCES).awaitPosition(1, TIMEOUT));
            final CompletableFuture<Long> first = strand.projection(AccountProjections.BALANCES).rebuild();
            final CompletableFuture<Long> second = strand.projection(AccountProjections.BALANCES).rebuild();
            // Either the second joined the first, or the first had already started: both must complete.
            assertEquals(1, first.get(10, TimeUnit.SECONDS), "the first request completes");
            assertEquals(1, second.get(10, TimeUnit.SECONDS), "the second request completes");
        }
    }
}
