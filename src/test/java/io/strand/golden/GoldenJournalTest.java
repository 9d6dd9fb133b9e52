package io.strand.golden;

import io.strand.domain.account.Account;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.Accounts;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.snapshot.SnapshotPolicy;
import io.strand.state.JournaledState;
import io.strand.support.Cli;
import io.strand.support.JournalFiles;
import io.strand.support.TestEngines;
import io.strand.workload.WorkloadRunner;
import io.strand.workload.WorkloadSpec;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A journal and a snapshot written by Strand 0.1 (excerpt format 1, every event schema version 1, snapshot
 * format 1, accounts state version 1) are committed under {@code src/test/resources/golden/v1}. Every later
 * version must still read them: the same dump, the same state, the snapshot loads. Regenerate only on purpose,
 * with {@code -Dstrand.golden.regenerate=true}, never to make this test pass.
 */
class GoldenJournalTest
{
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "v1");

    @TempDir
    Path tmp;

    @Test
    void theVersion1JournalAndSnapshotStayReadable() throws Exception
    {
        if (Boolean.getBoolean("strand.golden.regenerate"))
        {
            regenerate();
        }
        final Path dir = tmp.resolve("golden");
        JournalFiles.copyTree(GOLDEN.resolve("journal-dir"), dir);

        final Cli dump = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl");
        assertEquals(0, dump.exitCode(), dump.err());
        assertEquals(Files.readString(GOLDEN.resolve("events.jsonl")), dump.out(), "dump of the golden journal");

        final JournaledState replayed = TestEngines.replay(dir);
        assertEquals(Files.readString(GOLDEN.resolve("state.txt")), describe(replayed), "state folded from v1 events");

        final Cli verify = Cli.run("verify", "--dir", dir.toString());
        assertEquals(0, verify.exitCode(), verify.err());
        assertTrue(verify.out().contains("snapshots  1 match the journal"), verify.out());

        try (Strand strand = Strand.launch(context(dir)))
        {
            assertNotNull(strand.recovery().snapshot(), "the v1 snapshot loads");
            assertTrue(strand.recovery().rejectedSnapshots().isEmpty(), strand.recovery().rejectedSnapshots()::toString);
            strand.close();
            assertEquals(describe(replayed), describe(strand.state()), "snapshot + tail == replay");
        }
    }

    private static StrandContext context(final Path dir)
    {
        return TestEngines.context(dir, TestEngines.errors()).rollCycle(RollCycles.FAST_DAILY).blockSize(64 * 1024)
            .snapshotPolicy(new SnapshotPolicy(0, 0, 3, false));
    }

    /** The state as text: head, dedupe windows' high marks, every account. */
    static String describe(final JournaledState state)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("head ").append(state.lastIndex()).append(" commands ").append(state.commandCount())
            .append(" lastTimestamp ").append(state.lastTimestamp()).append('\n');
        for (long client = 1; client <= 3; client++)
        {
            sb.append("client ").append(client).append(" maxSeq ").append(state.clients().maxSeq(client)).append('\n');
        }
        final Accounts accounts = ((AccountModel)state.model()).accounts();
        for (final long id : accounts.sortedIds())
        {
            final Account a = accounts.get(id);
            sb.append("account ").append(id).append(" balance ").append(a.balance()).append(" held ").append(a.held())
                .append(" holds ").append(a.holdCount()).append('\n');
        }
        return sb.toString();
    }

    /** Writes the golden files with a fixed clock so the content is reproducible. */
    private void regenerate() throws Exception
    {
        final Path dir = tmp.resolve("regenerated");
        final long[] now = {1_764_000_000_000_000_000L};
        final StrandContext ctx = context(dir).epochClock(() -> now[0] += 1_000_003);
        try (Strand strand = Strand.launch(ctx))
        {
            new WorkloadRunner(strand, new WorkloadSpec(1, 20, 7, 0, true), null).run(300);
            strand.snapshot().get(30, TimeUnit.SECONDS);
            new WorkloadRunner(strand, new WorkloadSpec(1, 20, 8, 0, false), null).run(100);
        }
        JournalFiles.deleteTree(GOLDEN);
        Files.createDirectories(GOLDEN);
        JournalFiles.copyTree(dir, GOLDEN.resolve("journal-dir"));
        Files.deleteIfExists(GOLDEN.resolve("journal-dir").resolve(Strand.LAST_RECOVERY_FILE));
        Files.writeString(GOLDEN.resolve("events.jsonl"),
            Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl").out());
        Files.writeString(GOLDEN.resolve("state.txt"), describe(TestEngines.replay(dir)));
    }
}
