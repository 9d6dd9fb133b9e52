package io.strand.cli;

import io.strand.engine.Strand;
import io.strand.journal.JournalLockedException;
import io.strand.support.Cli;
import io.strand.support.PoisonedAccountModelProvider;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code strand rebuild} holds the writer lock from before it reads to after it writes the checkpoint: an engine
 * started meanwhile would own the checkpoint the rebuild replaces.
 */
class RebuildCommandTest
{
    @TempDir
    Path tmp;

    @Test
    void anEngineCannotStartWhileARebuildRuns() throws Exception
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "2000", "--accounts", "20").exitCode());
        final CountDownLatch reporting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Writer heldProgress = new Writer() // the rebuild's progress output waits until released
        {
            public void write(final char[] chars, final int offset, final int length)
            {
                reporting.countDown();
                try
                {
                    release.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }

            public void flush()
            {
            }

            public void close()
            {
            }
        };
        final int[] exit = {-1};
        final Thread rebuild = new Thread(() -> exit[0] = StrandCli.execute(new PrintWriter(new StringWriter()),
            new PrintWriter(heldProgress), "rebuild", "--dir", dir.toString(), "--projection", "balances"));
        rebuild.start();
        try
        {
            assertTrue(reporting.await(30, TimeUnit.SECONDS), "the rebuild started");
            assertThrows(JournalLockedException.class,
                () -> Strand.launch(TestEngines.context(dir, TestEngines.errors())).close());
        }
        finally
        {
            release.countDown();
            rebuild.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(0, exit[0]);
    }

    @Test
    void aProjectionThatRefusesAnEventFailsTheRebuildWithExit1AndWritesNothing()
    {
        final Path dir = tmp.resolve("poison");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "200", "--accounts", "20").exitCode());
        final String model = PoisonedAccountModelProvider.class.getName();
        final Cli rebuild = Cli.run("rebuild", "--dir", dir.toString(), "--model", model, "--projection", "poisoned");
        assertEquals(1, rebuild.exitCode(), "the projection failed, the arguments were right: " + rebuild.err());
        final String last = rebuild.err().lines().reduce((a, b) -> b).orElse(""); // after the progress bar's
        assertTrue(last.startsWith("strand rebuild: projection poisoned refuses the event at index " +
            PoisonedAccountModelProvider.POISON_INDEX), rebuild.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("projections").resolve("poisoned.ckpt")),
            "nothing was written");
        final Cli skipping = Cli.run("rebuild", "--dir", dir.toString(), "--model", model, "--projection", "poisoned",
            "--set", "projections.onPoison=skip");
        assertEquals(0, skipping.exitCode(), skipping.err());
        assertTrue(java.nio.file.Files.exists(dir.resolve("projections").resolve("poisoned.ckpt")));
    }
}
