package io.strand.shard;

import io.strand.support.AckLog;
import io.strand.support.ChildJvm;
import io.strand.support.TestEngines;
import io.strand.support.TestEngines.JournalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A sharded ledger ({@code strand load --shards 2 --cross-shard 0.3 --ack-log}) in a child JVM, killed with kill -9
 * at random moments; each next child recovers every shard and the coordinator, and its dispatcher sends again
 * every step left in flight with the same ids. Then {@code strand saga resume} drives every open saga to an end
 * and {@code strand verify} checks every journal and the invariants across them. On top, this test checks that
 * every acknowledged command is journaled once at its acknowledged index, in one of the journals, and runs the
 * audit itself: money conserved, every saga step exactly once.
 * <p>
 * {@code -Dstrand.saga.crash.kills=200} runs a long campaign (default 20).
 */
class ShardedCrashRecoveryTest
{
    @TempDir
    Path tmp;

    @Test
    void killMinus9AtRandomMomentsLeavesEveryStepExactlyOnce() throws Exception
    {
        final int kills = Integer.getInteger("strand.saga.crash.kills", 20);
        final long seed = Long.getLong("strand.saga.crash.seed", 20261213L);
        final Random random = new Random(seed);
        final Path dir = tmp.resolve("layout");
        final Path acks = tmp.resolve("acks.log");
        for (int kill = 0; kill < kills; kill++)
        {
            final ChildJvm child = ChildJvm.start(tmp, "load", "--shards", "2", "--dir", dir.toString(),
                "--commands", "100000000", "--rate", "4000", "--producers", "2", "--accounts", "40",
                "--cross-shard", "0.3", "--seed", String.valueOf(kill), "--ack-log", acks.toString(),
                "--set", "snapshot.everyEvents=2000", "--set", "projections.run=");
            awaitAcknowledgements(child, acks, Files.exists(acks) ? Files.size(acks) : 0);
            Thread.sleep(random.nextInt(600)); // a random moment of a ledger acknowledging commands and sagas
            assertTrue(child.isAlive(), () -> "child exited before the kill: " + stderr(child));
            child.kill();
        }

        final ChildJvm resume = ChildJvm.run(tmp, "saga", "resume", "--dir", dir.toString());
        assertEquals(0, resume.exitCode(), () -> "saga resume: " + stderr(resume));
        final ChildJvm verify = ChildJvm.run(tmp, "verify", "--dir", dir.toString());
        assertEquals(0, verify.exitCode(), () -> "verify: " + stderr(verify) + stdout(verify));

        final Map<String, Long> indexByCommand = new HashMap<>();
        for (final String strand : List.of("shard-0", "shard-1", "coordinator"))
        {
            long expected = 1;
            for (final JournalRecord record : TestEngines.records(dir.resolve(strand)))
            {
                assertEquals(expected, record.firstIndex(), strand + ": contiguous indexes (seed " + seed + ")");
                expected = record.lastIndex() + 1;
                final Long before = indexByCommand.put(strand + "/" + record.clientId() + "/" + record.clientSeq(),
                    record.lastIndex());
                assertNull(before, () -> strand + ": command journaled twice: " + record + " (seed " + seed + ")");
                if (record.clientId() < 1L << 48) // the producers': one sequence each across all strands
                {
                    assertNull(indexByCommand.put(record.clientId() + "/" + record.clientSeq(), record.lastIndex()),
                        () -> "a producer's command in two journals: " + record + " (seed " + seed + ")");
                }
            }
        }
        long accepted = 0;
        for (final AckLog.Ack ack : AckLog.read(acks))
        {
            if (ack.accepted())
            {
                accepted++;
                assertEquals(ack.index(), indexByCommand.get(ack.command()),
                    () -> "acknowledged " + ack + " is not in a journal at its index (seed " + seed + ")");
            }
        }
        final LedgerAudit.Report report = Audits.audit(dir);
        assertTrue(report.clean(), () -> report.problemCount() + " problems, first: " + report.problems() +
            " (seed " + seed + ")");
        assertTrue(report.sagas() > kills * 20L, "the children started " + report.sagas() + " sagas");
        System.out.printf("saga crash campaign: %d kills, %,d acknowledged commands journaled once, %,d sagas " +
            "(each step exactly once, money conserved: %,d moved across shards) (seed %d)%n", kills, accepted,
            report.sagas(), report.movedAcrossShards(), seed);
    }

    /** Waits until the child's ack log grows: it is taking and answering commands, whatever its start cost. */
    private static void awaitAcknowledgements(final ChildJvm child, final Path acks, final long sizeBefore)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(acks) || Files.size(acks) <= sizeBefore)
        {
            assertTrue(child.isAlive(), () -> "child exited before acknowledging: " + stderr(child));
            assertTrue(System.nanoTime() < deadline, "child acknowledged nothing within 120 s");
            Thread.sleep(10);
        }
    }

    private static String stderr(final ChildJvm child)
    {
        try
        {
            return child.stderr();
        }
        catch (final java.io.IOException ex)
        {
            return "(stderr unreadable: " + ex.getMessage() + ")";
        }
    }

    private static String stdout(final ChildJvm child)
    {
        try
        {
            return child.stdout();
        }
        catch (final java.io.IOException ex)
        {
            return "(stdout unreadable: " + ex.getMessage() + ")";
        }
    }
}
