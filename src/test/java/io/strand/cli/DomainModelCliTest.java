package io.strand.cli;

import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.ingress.Submitter;
import io.strand.journal.JournalModel;
import io.strand.support.Cli;
import io.strand.support.CounterModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tools read any journal through the model it records, not only the account domain's: a counter journal is
 * dumped, verified, snapshotted and rebuilt through its own model; a journal from before the record is read
 * through the first registered model, and the tool says so.
 */
class DomainModelCliTest
{
    @TempDir
    Path tmp;

    @Test
    void theWriterRecordsItsModelAndTheToolsReadTheJournalThroughIt() throws Exception
    {
        final Path dir = counterJournal();
        assertEquals(CounterModel.class.getName(), JournalModel.read(dir));

        final Cli dump = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl");
        assertEquals(0, dump.exitCode(), dump.err());
        assertEquals(3, dump.out().lines().count(), dump.out());
        assertTrue(dump.out().lines().allMatch(l -> l.contains("\"type\":\"Added\"")), dump.out());
        assertTrue(dump.out().contains("\"index\":2,") && dump.out().contains("\"delta\":-2}"), dump.out());
        assertEquals("", dump.err(), "a recorded model needs no note");
        assertEquals(1, Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl", "--type", "Added", "--from", "3")
            .out().lines().count());

        final Cli verify = Cli.run("verify", "--dir", dir.toString());
        assertEquals(0, verify.exitCode(), verify.err());
        assertTrue(verify.out().contains("3 events") && verify.out().contains("1 match the journal"), verify.out());

        final Cli status = Cli.run("status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("model        " + CounterModel.class.getName()), status.out());

        final Cli snapshot = Cli.run("snapshot", "--dir", dir.toString());
        assertEquals(0, snapshot.exitCode(), snapshot.err());

        final Cli query = Cli.run("query", "balance", "--dir", dir.toString(), "--account", "1");
        assertEquals(1, query.exitCode());
        assertTrue(query.errLine().contains("answers for the account model") &&
            query.errLine().contains(CounterModel.class.getName()), query.err());

        final Cli other = Cli.run("dump", "--dir", dir.toString(), "--model", "account");
        assertEquals(2, other.exitCode());
        assertTrue(other.errLine().contains("records model " + CounterModel.class.getName()), other.err());

        final Cli noProjections = Cli.run("rebuild", "--dir", dir.toString(), "--projection", "total");
        assertEquals(2, noProjections.exitCode());
        assertTrue(noProjections.errLine().contains("unknown projection 'total'") &&
            noProjections.errLine().contains("it has none"), noProjections.err());
        final Cli rebuild = Cli.run("rebuild", "--dir", dir.toString(), "--projection", "total", "--model",
            CounterModel.Provider.class.getName());
        assertEquals(0, rebuild.exitCode(), rebuild.err());
        assertTrue(rebuild.out().contains("projection total rebuilt from index 1 to 3"), rebuild.out());
    }

    @Test
    void aRegisteredModelIsFoundByItsName() throws Exception
    {
        final Path dir = counterJournal();
        Files.delete(dir.resolve(JournalModel.FILE_NAME)); // as a journal from before the record
        final Path services = tmp.resolve("plugin/META-INF/services/io.strand.spi.DomainModelProvider");
        Files.createDirectories(services.getParent());
        Files.writeString(services, CounterModel.Provider.class.getName() + "\n");
        final Thread thread = Thread.currentThread();
        final ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader plugin = new URLClassLoader(new URL[]{tmp.resolve("plugin").toUri().toURL()}, original))
        {
            thread.setContextClassLoader(plugin);
            assertEquals("account, saga-coordinator, counter", DomainModels.names(), "registered in class path order");
            final Cli byName = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl", "--model", "counter");
            assertEquals(0, byName.exitCode(), byName.err());
            assertTrue(byName.out().contains("\"delta\":5"), byName.out());

            final Cli unnamed = Cli.run("verify", "--dir", dir.toString());
            assertTrue(unnamed.err().contains("records no model") &&
                unnamed.err().contains("read as 'account', the first of those registered (account, saga-coordinator, " +
                    "counter)"),
                unnamed.err());
        }
        finally
        {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void aJournalFromBeforeTheRecordIsReadAsTheFirstRegisteredModelAndTheToolSaysSo() throws Exception
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "50", "--accounts", "5").exitCode());
        assertEquals(AccountModel.class.getName(), JournalModel.read(dir));
        Files.delete(dir.resolve(JournalModel.FILE_NAME));

        final Cli dump = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl");
        assertEquals(0, dump.exitCode(), dump.err());
        assertTrue(dump.errLine().contains("records no model") &&
            dump.errLine().contains("read as 'account', the first of those registered (account, saga-coordinator)"),
            dump.err());
        assertTrue(Cli.run("status", "--dir", dir.toString()).out().contains("not recorded"));

        Files.writeString(dir.resolve(JournalModel.FILE_NAME), "com.example.Gone\n");
        final Cli missing = Cli.run("verify", "--dir", dir.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.errLine().contains("names model com.example.Gone, which is not on the class path"),
            missing.err());
        final Cli unknown = Cli.run("dump", "--dir", dir.toString(), "--model", "nope");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errLine().contains("--model: 'nope' is neither a registered model (account, saga-coordinator)"),
            unknown.err());
    }

    /** A counter journal of three events (5, -2, 4) and a snapshot at its head. */
    private Path counterJournal() throws Exception
    {
        final Path dir = tmp.resolve("counter");
        try (Strand strand = Strand.launch(new StrandContext().dir(dir).model(CounterModel::new)))
        {
            final Submitter submitter = strand.newSubmitter(7);
            long seq = 0;
            for (final long delta : new long[]{5, -2, 4})
            {
                final int offset = submitter.claim(CounterModel.ADDED, ++seq, 8);
                submitter.buffer().putLong(offset, delta);
                submitter.commit(offset);
                assertTrue(submitter.await(seq, TimeUnit.SECONDS.toNanos(10)).accepted());
            }
            strand.snapshot().get(30, TimeUnit.SECONDS);
        }
        return dir;
    }
}
