package io.strand.recovery;

import io.strand.domain.account.AccountCommands;
import io.strand.engine.Strand;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.support.AckLog;
import io.strand.support.ChildJvm;
import io.strand.support.Cli;
import io.strand.support.TestEngines;
import io.strand.support.TestEngines.JournalRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A full disk never kills the writer nor loses an acknowledged command: the writer answers a retriable rejection
 * (JOURNAL_UNAVAILABLE when an append fails, DISK_SPACE_LOW before the disk is full), and once space returns it
 * appends again and the journal verifies clean.
 */
class DiskFullTest
{
    @TempDir
    Path tmp;

    @Test
    void aFileSizeLimitGivesJournalUnavailableAndNothingAcknowledgedIsLost() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final Path acks = tmp.resolve("acks.log");
        final ChildJvm child = ChildJvm.start(tmp, Map.of(), List.of("bash", "-c", "ulimit -f 4000; exec \"$@\"",
            "bash"), "load", "--dir", dir.toString(), "--commands", "100000", "--accounts", "50", "--ack-log",
            acks.toString(), "--set", "journal.blockSize=262144", "--set", "journal.minFreeBytes=0",
            "--set", "snapshot.enabled=false");
        assertEquals(0, child.waitFor(120), child.stderr());
        final List<AckLog.Ack> outcomes = AckLog.read(acks);
        assertEquals(100_000, outcomes.size(), "every command was answered");
        assertTrue(outcomes.stream().anyMatch(a -> "JOURNAL_UNAVAILABLE".equals(a.reason())), "the limit was hit");
        assertTrue(outcomes.stream().noneMatch(a -> "ENGINE_FAILED".equals(a.reason())),
            "the writer survives a full disk (its state is rebuilt from what the journal holds)");
        assertEquals(1, child.stderr().lines().filter(l -> l.contains("journal append failed")).count(),
            "one report per outage, not one per command");

        assertAcknowledgedAreJournaled(dir, outcomes);
        final Cli verify = Cli.run("verify", "--dir", dir.toString());
        assertEquals(0, verify.exitCode(), verify.err());
        try (Strand restarted = Strand.launch(TestEngines.context(dir, TestEngines.errors()).snapshots(false)
            .blockSize(262144)))
        {
            final Submitter submitter = restarted.newSubmitter(99);
            new AccountCommands(submitter).openAccount(1, 123_456);
            final Outcome outcome = submitter.await(1, TimeUnit.SECONDS.toNanos(10));
            assertTrue(outcome.accepted(), "appends again once the limit is gone: " + outcome);
        }
    }

    @Test
    void aSmallTmpfsIsRefusedBeforeItIsFullAndRecoversWhenSpaceReturns() throws Exception
    {
        final Path mount = tmp.resolve("mnt");
        Files.createDirectories(mount);
        final Path acks = tmp.resolve("acks.log");
        final Path dumped = tmp.resolve("dump.jsonl");
        final String load = "$STRAND load --dir " + mount + "/j --accounts 50 --ack-log " + acks +
            " --set journal.blockSize=262144 --set journal.minFreeBytes=2097152 --set snapshot.enabled=false";
        final ChildJvm child = ChildJvm.script(tmp, List.of("unshare", "-Urm"), String.join("\n",
            "mount -t tmpfs -o size=6m tmpfs " + mount + " || { echo 'cannot mount tmpfs'; exit 0; }",
            load + " --commands 100000 >/dev/null || echo 'first load failed'",
            "$STRAND verify --dir " + mount + "/j || echo 'first verify failed'",
            "mount -o remount,size=64m " + mount + " || echo 'remount failed'",
            load + " --commands 5000 >/dev/null || echo 'second load failed'",
            "$STRAND verify --dir " + mount + "/j || echo 'second verify failed'",
            "$STRAND dump --dir " + mount + "/j --format jsonl > " + dumped + " || echo 'dump failed'",
            "echo done"));
        child.waitFor(240);
        final String out = child.stdout();
        Assumptions.assumeFalse(out.contains("cannot mount tmpfs"), "unshare -Urm cannot mount a tmpfs here");
        assertTrue(out.contains("done"), out + child.stderr());
        assertFalse(out.contains("failed"), out + child.stderr());
        assertFalse(child.stderr().contains("InternalError"), "the guard kept the writer off a full mapped page");

        final List<AckLog.Ack> outcomes = AckLog.read(acks);
        assertEquals(105_000, outcomes.size(), "every command was answered");
        final long refused = outcomes.stream().filter(a -> "DISK_SPACE_LOW".equals(a.reason())).count();
        assertTrue(refused > 0, "the free-space threshold refused commands");
        final Map<String, Long> journaled = new HashMap<>();
        for (final String line : Files.readAllLines(dumped))
        {
            final String command = field(line, "clientId") + "/" + field(line, "clientSeq");
            journaled.merge(command, Long.parseLong(field(line, "index")), Math::max);
        }
        for (final AckLog.Ack ack : outcomes)
        {
            if (ack.accepted())
            {
                assertEquals(ack.index(), journaled.get(ack.command()), "acknowledged " + ack);
            }
        }
        assertTrue(outcomes.subList(100_000, 105_000).stream().filter(AckLog.Ack::accepted).count() > 4_000,
            "appends again once space returned");
    }

    private static void assertAcknowledgedAreJournaled(final Path dir, final List<AckLog.Ack> outcomes)
    {
        final Map<String, Long> journaled = new HashMap<>();
        for (final JournalRecord record : TestEngines.records(dir))
        {
            assertNull(journaled.put(record.clientId() + "/" + record.clientSeq(), record.lastIndex()));
        }
        long accepted = 0;
        for (final AckLog.Ack ack : outcomes)
        {
            if (ack.accepted())
            {
                accepted++;
                assertEquals(ack.index(), journaled.get(ack.command()), "acknowledged " + ack);
            }
        }
        assertEquals(accepted, journaled.size(), "nothing journaled that was not acknowledged as accepted");
    }

    private static String field(final String jsonLine, final String name)
    {
        final int at = jsonLine.indexOf("\"" + name + "\":") + name.length() + 3;
        int end = at;
        while (end < jsonLine.length() && Character.isDigit(jsonLine.charAt(end)))
        {
            end++;
        }
        return jsonLine.substring(at, end);
    }
}
