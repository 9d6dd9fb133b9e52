package io.strand.journal;

import io.strand.engine.Strand;
import io.strand.ingress.Submitter;
import io.strand.domain.account.AccountCommands;
import io.strand.support.ChildJvm;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One writer per journal directory: a second engine in this JVM and a second process are refused at open with a
 * clear error; a writer killed with kill -9 does not block the next one.
 */
class WriterLockTest
{
    @TempDir
    Path tmp;

    @Test
    void secondEngineInTheSameJvmIsRefused()
    {
        final Path dir = tmp.resolve("journal");
        final List<Throwable> errors = TestEngines.errors();
        try (Strand first = Strand.launch(TestEngines.context(dir, errors)))
        {
            final JournalLockedException refused = assertThrows(JournalLockedException.class,
                () -> Strand.launch(TestEngines.context(dir, errors)));
            assertTrue(refused.getMessage().contains("already has a live writer"), refused.getMessage());
            assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());

            final Submitter submitter = first.newSubmitter(1);
            new AccountCommands(submitter).openAccount(1, 1);
            assertTrue(submitter.await(1, TimeUnit.SECONDS.toNanos(10)).accepted(), "the first writer still works");
        }
        try (Strand again = Strand.launch(TestEngines.context(dir, errors)))
        {
            assertEquals(1, again.state().lastIndex(), "the lock is released on close");
        }
    }

    @Test
    void secondProcessIsRefusedWithOneLine() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        try (Strand ignored = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
        {
            final ChildJvm child = ChildJvm.run(tmp, "load", "--dir", dir.toString(), "--commands", "10");
            assertEquals(1, child.exitCode());
            final String stderr = child.stderr().strip();
            assertTrue(stderr.contains("already has a live writer"), stderr);
            assertEquals(1, stderr.lines().count(), "one line on stderr: " + stderr);
        }
        assertEquals(0, TestEngines.replay(dir).lastIndex(), "the refused process wrote nothing");
    }

    @Test
    void aWriterKilledWithKillMinus9DoesNotBlockTheNextOne() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final ChildJvm child = ChildJvm.start(tmp, "load", "--dir", dir.toString(), "--commands", "100000000",
            "--rate", "200", "--accounts", "10");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(WriterLock.holderOf(dir).equals("pid " + child.pid()) && Journal.exists(dir)))
        {
            if (!child.isAlive())
            {
                fail("child exited early: " + child.stderr());
            }
            assertTrue(System.nanoTime() < deadline, "child never took the lock");
            Thread.sleep(20);
        }
        while (headOf(dir) < 1) // the child has journaled events: the kill lands on a working writer
        {
            assertTrue(child.isAlive() && System.nanoTime() < deadline, "child journaled nothing");
            Thread.sleep(10);
        }
        child.kill();

        final long start = System.nanoTime();
        try (Strand next = Strand.launch(TestEngines.context(dir, TestEngines.errors())))
        {
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMs < 5_000, "next writer took " + tookMs + " ms");
            assertTrue(next.state().lastIndex() > 0, "the killed writer's events are there");
        }
    }

    private static long headOf(final Path dir)
    {
        try (Journal journal = Journal.openReadOnly(dir, net.openhft.chronicle.queue.RollCycles.FAST_DAILY))
        {
            return journal.headIndex();
        }
        catch (final JournalException ex)
        {
            return 0; // the child is still creating the queue's files
        }
    }
}
