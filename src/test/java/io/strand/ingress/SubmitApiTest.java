package io.strand.ingress;

import io.strand.domain.account.AccountCommands;
import io.strand.engine.Strand;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The submit API as a client uses it: futures from any thread, one live submitter per client id, and where a
 * client resumes after a restart.
 */
class SubmitApiTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path dir;

    @Test
    void futuresCompleteWithTheOutcomeFromAnyThread() throws Exception
    {
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors()));
            FutureSubmitter client = strand.newFutureSubmitter(5))
        {
            assertTrue(client.send((s, seq) -> new AccountCommands(s).openAccount(seq, 7)).get(10, TimeUnit.SECONDS)
                .accepted());
            final List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            final List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final Thread sender = new Thread(() ->
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        final CompletableFuture<Outcome> f = client.send((sub, seq) -> new AccountCommands(sub)
                            .deposit(seq, 7, 1));
                        synchronized (outcomes)
                        {
                            outcomes.add(f);
                        }
                    }
                });
                senders.add(sender);
                sender.start();
            }
            for (final Thread sender : senders)
            {
                sender.join();
            }
            CompletableFuture.allOf(outcomes.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
            assertEquals(4000, outcomes.stream().filter(f -> f.join().accepted()).count());
            strand.close();
            assertEquals(4001, TestEngines.replay(dir).lastIndex(), "every deposit journaled once");
        }
    }

    @Test
    void aSecondLiveSubmitterWithTheSameClientIdIsRefused()
    {
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
        {
            final Submitter first = strand.newSubmitter(9);
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> strand.newSubmitter(9));
            assertTrue(refused.getMessage().contains("client 9 already has a live submitter"), refused.getMessage());
            first.close();
            strand.newSubmitter(9).close(); // once closed, the client may come back
        }
    }

    @Test
    void aClientResumesAfterItsLastJournaledSeqAcrossARestart()
    {
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors()).snapshots(false)))
        {
            assertEquals(OptionalLong.empty(), strand.lastJournaledSeq(3));
            final Submitter submitter = strand.newSubmitter(3);
            final AccountCommands commands = new AccountCommands(submitter);
            commands.openAccount(1, 1);
            assertTrue(submitter.await(1, TIMEOUT).accepted());
            commands.withdraw(2, 1, 5);
            assertFalse(submitter.await(2, TIMEOUT).accepted(), "rejected: not journaled");
            assertEquals(OptionalLong.of(1), submitter.lastJournaledSeq());
            submitter.close();
            assertEquals(OptionalLong.of(1), strand.lastJournaledSeq(3));
        }
        try (Strand restarted = Strand.launch(TestEngines.context(dir, TestEngines.errors()).snapshots(false)))
        {
            assertEquals(OptionalLong.of(1), restarted.lastJournaledSeq(3), "recovered from the journal");
            try (Submitter submitter = restarted.newSubmitter(3))
            {
                assertEquals(OptionalLong.of(1), submitter.lastJournaledSeq());
            }
        }
    }
}
