package io.strand.cli;

import io.strand.support.ChildJvm;
import io.strand.support.Cli;
import io.strand.support.JournalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * verify judges the journal as it was when it began: run again and again against a writer in another process
 * appending as fast as it can (and snapshotting and pruning snapshots all the while), it never reports damage or a
 * bad snapshot.
 */
class VerifyLiveWriterTest
{
    private static final int RUNS = 30;
    private static final Pattern VERIFIED = Pattern.compile("journal +([\\d,]+) events");

    @TempDir
    Path tmp;

    @Test
    void verifyAgainstAWriterAppendingAtFullSpeedAlwaysExitsZero() throws Exception
    {
        final Path dir = tmp.resolve("live");
        final ChildJvm writer = ChildJvm.start(tmp, "load", "--dir", dir.toString(), "--commands", "1000000000",
            "--accounts", "50", "--set", "snapshot.everyEvents=20000", "--set", "snapshot.keep=1",
            "--set", "projections.run=");
        try
        {
            awaitEvents(writer, dir);
            long previous = 0;
            for (int run = 1; run <= RUNS; run++)
            {
                final Cli verify = Cli.run("verify", "--dir", dir.toString());
                assertEquals(0, verify.exitCode(), "run " + run + ": " + verify.err());
                assertEquals("", verify.err(), "run " + run);
                final long verified = events(verify.out());
                assertTrue(verified >= previous, "run " + run + " verified " + verified + " after " + previous);
                previous = verified;
            }
            assertTrue(writer.isAlive(), "the writer appended throughout: " + writer.stderr());
            assertTrue(previous > 0);
        }
        finally
        {
            writer.kill();
            JournalFiles.deleteTree(dir); // the journal grows fast: give the space back now
        }
    }

    private static void awaitEvents(final ChildJvm writer, final Path dir) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            assertTrue(writer.isAlive(), () -> "writer exited: " + stderr(writer));
            final Cli status = Cli.run("status", "--dir", dir.toString());
            if (status.exitCode() == 0 && status.out().contains("(live)") && !status.out().contains("head index   0 "))
            {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "no events within 60 s: " + status.out() + status.err());
            Thread.sleep(50);
        }
    }

    private static long events(final String out)
    {
        final Matcher m = VERIFIED.matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private static String stderr(final ChildJvm child)
    {
        try
        {
            return child.stderr();
        }
        catch (final java.io.IOException ex)
        {
            return ex.getMessage();
        }
    }
}
