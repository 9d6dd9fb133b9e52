package io.strand.config;

import io.strand.domain.account.AccountModel;
import io.strand.engine.StrandContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class StrandConfigTest
{
    @TempDir
    Path tmp;

    @Test
    void shippedConfigSetsEveryKeyToItsDefault()
    {
        final StrandConfig shipped = StrandConfig.load(Path.of("config", "strand.yaml"));
        final StrandConfig defaults = StrandConfig.defaults();
        for (final Setting setting : Setting.values())
        {
            assertEquals(defaults.get(setting), shipped.get(setting), setting.key());
        }
    }

    @Test
    void anEmbeddedContextStartsFromTheSameDefaultsAsTheConfiguration()
    {
        final StrandContext fromConfig = StrandConfig.defaults().toContext().dir(tmp).model(AccountModel::new)
            .conclude();
        final StrandContext embedded = new StrandContext().dir(tmp).model(AccountModel::new).conclude();
        assertEquals(fromConfig.rollCycle(), embedded.rollCycle());
        assertEquals(fromConfig.ringBufferBytes(), embedded.ringBufferBytes());
        assertEquals(fromConfig.outcomeRingBytes(), embedded.outcomeRingBytes());
        assertEquals(fromConfig.maxCommandBytes(), embedded.maxCommandBytes());
        assertEquals(fromConfig.maxExcerptBytes(), embedded.maxExcerptBytes());
        assertEquals(fromConfig.batchLimit(), embedded.batchLimit());
        assertEquals(fromConfig.backpressure(), embedded.backpressure());
        assertEquals(fromConfig.backpressureTimeoutNs(), embedded.backpressureTimeoutNs());
        assertEquals(fromConfig.syncBeforeAck(), embedded.syncBeforeAck());
        assertEquals(fromConfig.minFreeBytes(), embedded.minFreeBytes());
        assertEquals(fromConfig.blockSize(), embedded.blockSize());
        assertEquals(fromConfig.journalRetryIntervalNs(), embedded.journalRetryIntervalNs());
        assertEquals(fromConfig.snapshots(), embedded.snapshots());
        assertEquals(fromConfig.snapshotPolicy(), embedded.snapshotPolicy());
        assertEquals(fromConfig.quarantineDamagedTail(), embedded.quarantineDamagedTail());
        assertEquals(fromConfig.poisonPolicy(), embedded.poisonPolicy());
        assertEquals(fromConfig.checkpointEveryEvents(), embedded.checkpointEveryEvents());
        assertEquals(fromConfig.checkpointEveryNanos(), embedded.checkpointEveryNanos());
        assertEquals(fromConfig.threadingMode(), embedded.threadingMode());
        assertEquals(fromConfig.scrub(), embedded.scrub());
        assertEquals(fromConfig.idleStrategy().getClass(), embedded.idleStrategy().getClass());
        assertEquals(fromConfig.readIdleStrategy().get().getClass(), embedded.readIdleStrategy().get().getClass());
    }

    @Test
    void shippedConfigMentionsEveryKey() throws Exception
    {
        final String text = Files.readString(Path.of("config", "strand.yaml"));
        for (final Setting setting : Setting.values())
        {
            final String leaf = setting.key().substring(setting.key().lastIndexOf('.') + 1);
            assertTrue(text.contains("  " + leaf + ":"), setting.key() + " is documented in config/strand.yaml");
        }
    }

    @Test
    void valuesReachTheEngineContext() throws Exception
    {
        final Path file = tmp.resolve("c.yaml");
        Files.writeString(file, "journal:\n  dir: /x/y\n  rollCycle: FAST_HOURLY\ningress:\n  ringBufferBytes: 2048\n" +
            "  backpressure: reject\nprocessor:\n  batchLimit: 7\n");
        final StrandContext ctx = StrandConfig.load(file).toContext();
        assertEquals(Path.of("/x/y"), ctx.dir());
        assertEquals("FAST_HOURLY", ctx.rollCycle().toString());
        assertEquals(2048, ctx.ringBufferBytes());
        assertEquals(io.strand.ingress.Backpressure.REJECT, ctx.backpressure());
        assertEquals(7, ctx.batchLimit());
    }

    @Test
    void wrongValuesAreNamed() throws Exception
    {
        assertProblem("journal:\n  rollCycle: SOMETIMES\n", "journal.rollCycle: unknown roll cycle 'SOMETIMES'");
        assertProblem("outcomes:\n  ringBufferBytes: -4096\n", "outcomes.ringBufferBytes: must be a power of two");
        assertProblem("ingress:\n  backpressureTimeoutMs: -1\n", "ingress.backpressureTimeoutMs: must be at least 0");
        assertProblem("ingress:\n  maxCommandBytes: 99999999999\n", "ingress.maxCommandBytes: must be an integer in int range");
        assertProblem("ingress: 5\n", "unknown key 'ingress'");
        assertProblem("demo:\n  accounts:\n", "demo.accounts: must be an integer, got no value");
        assertProblem("- a\n- b\n", "expected a mapping of sections");
    }

    @Test
    void anExcerptLargerThanChronicleCanWriteWithTheBlockSizeIsRefused() throws Exception
    {
        final Path file = tmp.resolve("big.yaml");
        Files.writeString(file, "journal:\n  blockSize: 65536\n  maxExcerptBytes: 131072\n");
        final ConfigException ex = assertThrows(ConfigException.class, () -> StrandConfig.load(file).toContext());
        assertTrue(ex.getMessage().contains("journal.maxExcerptBytes: 131072") &&
            ex.getMessage().contains("journal.blockSize 65536"), ex.getMessage());
        Files.writeString(file, "journal:\n  blockSize: 1048576\n  maxExcerptBytes: 262144\n");
        assertEquals(262144, StrandConfig.load(file).toContext().maxExcerptBytes(), "blockSize / 4 is allowed");
    }

    @Test
    void contextRejectsImpossibleValuesToo()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new StrandContext().dir(tmp).model(io.strand.domain.account.AccountModel::new)
                .ringBufferBytes(3000).conclude());
        assertEquals("ringBufferBytes: must be a power of two of at least 1024, got 3000", ex.getMessage());
    }

    private void assertProblem(final String yaml, final String expected) throws Exception
    {
        final Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, yaml);
        final ConfigException ex = assertThrows(ConfigException.class, () -> StrandConfig.load(file));
        assertEquals(file + ": " + expected, ex.getMessage().substring(0, Math.min(ex.getMessage().length(),
            file.toString().length() + 2 + expected.length())));
    }
}
