package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalException;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalReader;
import io.strand.journal.StoreDamagedException;
import io.strand.journal.WriterLock;
import io.strand.recovery.JournalEvidence;
import io.strand.recovery.StoreRefusal;
import net.openhft.chronicle.queue.RollCycle;
import io.strand.snapshot.SnapshotException;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotHeader;
import io.strand.snapshot.SnapshotStore;
import io.strand.spi.DomainModelProvider;
import io.strand.shard.ShardLayout;
import io.strand.spi.DomainModel;
import io.strand.spi.StateWriter;
import io.strand.state.JournaledState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code strand verify}: every record's CRC, framing and index continuity, then every snapshot: its header
 * and CRC, and its state byte for byte against the state replayed from the journal up to its index.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check every event's CRC and index continuity, and every snapshot against the journal. " +
        "Exit 0 when clean; otherwise the first bad index (or snapshot) and what is wrong. On a sharded layout " +
        "(load --shards), every shard's journal and the coordinator's, then the invariants across them.")
final class VerifyCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOption modelOption;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    public Integer call()
    {
        if (!format.equals("text") && !format.equals("json"))
        {
            throw new UsageException("--format: expected text or json, got '" + format + "'");
        }
        final StrandConfig config = common.load();
        if (ShardLayout.isLayout(config.dir()))
        {
            return ShardedVerify.run(this, config, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        final DomainModelProvider model = modelOption.resolve(config.dir(), spec.commandLine().getErr(),
            spec.qualifiedName());
        return verify(config, model::newModel);
    }

    /**
     * Verifies the one journal in the config's directory, replayed with that domain.
     */
    int verify(final StrandConfig config, final Supplier<DomainModel> model)
    {
        final Path dir = config.dir();
        final PrintWriter err = spec.commandLine().getErr();
        if (!Journal.exists(dir))
        {
            throw new JournalException("no journal in " + dir);
        }
        final UUID journalId = JournalIdentity.read(dir);
        final List<SnapshotHeader> snapshots = new ArrayList<>();
        final List<String> badSnapshots = new ArrayList<>();
        for (final Path file : new SnapshotStore(dir).newestFirst())
        {
            try
            {
                snapshots.add(SnapshotFile.check(file, journalId));
            }
            catch (final SnapshotException ex)
            {
                if (Files.exists(file)) // one pruned by a live snapshotter since the listing is not bad
                {
                    badSnapshots.add(ex.getMessage());
                }
            }
        }
        snapshots.sort(Comparator.comparingLong(SnapshotHeader::lastIndex));

        final JournaledState state = new JournaledState(model.get());
        final SnapshotMatcher matcher = new SnapshotMatcher(snapshots, journalId, state, badSnapshots, model);
        final RollCycle rollCycle = config.toContext().rollCycle();
        final boolean live = WriterLock.holderAlive(dir);
        final JournalEvidence evidence = JournalEvidence.gather(dir, journalId); // before the bound: it never outruns it
        final long start = System.nanoTime();
        String damage = null;
        long damagedAt = 0;
        try (Journal journal = Journal.openReadOnly(dir, rollCycle);
            JournalReader reader = journal.newReader())
        {
            reader.boundToCurrentEnd(); // judge what exists now: a live writer's new tail is not damage
            matcher.check();
            final JournalReader.RecordHandler apply = record ->
            {
                state.apply(record);
                matcher.check();
            };
            try
            {
                reader.readToEnd(apply);
                final String remainder = reader.unreadableRemainder(!live);
                if (remainder != null)
                {
                    damagedAt = reader.nextIndex();
                    damage = "journal damaged at index " + damagedAt + ": " + remainder + "; " +
                        JournalScan.extent(dir, rollCycle, damagedAt, reader.endCycle(), reader.endPosition());
                }
            }
            catch (final JournalCorruptedException ex)
            {
                damagedAt = ex.expectedIndex();
                damage = ex.getMessage() + "; " + JournalScan.extent(dir, rollCycle, damagedAt, ex.cycle(),
                    ex.filePosition());
            }
        }
        catch (final StoreDamagedException ex)
        {
            throw StoreRefusal.unreadableStore(dir, rollCycle, ex, evidence.strongest());
        }
        final JournalEvidence.Item strongest = evidence.strongest();
        if (damage == null && strongest != null && strongest.index() > state.lastIndex())
        {
            damagedAt = state.lastIndex() + 1;
            damage = StoreRefusal.shorterThanEvidence(dir, state.lastIndex(), strongest).getMessage();
        }
        if (damage == null)
        {
            for (final SnapshotHeader unreached : matcher.unreached())
            {
                badSnapshots.add(unreached.file().getFileName() + ": index " + unreached.lastIndex() +
                    " is beyond the journal's end (" + state.lastIndex() + ")");
            }
        }
        final double millis = (System.nanoTime() - start) / 1e6;
        report(dir, state, millis, damage, damagedAt, matcher.matched(), badSnapshots);
        final String problem = damage != null ? damage : badSnapshots.isEmpty() ? null : "bad snapshot " +
            badSnapshots.get(0) + (badSnapshots.size() > 1 ? " (and " + (badSnapshots.size() - 1) + " more)" : "") +
            "; recovery skips it and falls back to an older one or a full replay";
        if (problem != null)
        {
            err.println(spec.qualifiedName() + ": " + problem);
            return StrandCli.EXIT_FAILURE;
        }
        return 0;
    }

    private void report(final Path dir, final JournaledState state, final double millis, final String damage,
        final long damagedAt, final int matched, final List<String> badSnapshots)
    {
        final PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json"))
        {
            out.println(new Json().field("journal", dir.toAbsolutePath().toString()).field("clean", damage == null &&
                badSnapshots.isEmpty()).field("events", state.lastIndex()).field("commands", state.commandCount())
                .field("millis", Math.round(millis * 10) / 10.0)
                .field("damage", damage == null ? null : new Json().field("index", damagedAt).field("problem", damage))
                .field("snapshots", new Json().field("matched", matched).field("bad", badSnapshots.stream()
                    .map(bad -> new Json().field("problem", bad)).toList())));
            return;
        }
        if (damage == null)
        {
            out.printf("journal    %,d events (%,d commands) verified in %.1f ms: every CRC and index continuous%n",
                state.lastIndex(), state.commandCount(), millis);
            out.printf("snapshots  %d match the journal, %d bad%n", matched, badSnapshots.size());
        }
        else
        {
            out.printf("journal    events 1..%d (%,d commands) sound, then damage at index %d (%.1f ms)%n",
                damagedAt - 1, state.commandCount(), damagedAt, millis);
            out.printf("snapshots  %d match the journal up to the damage, %d bad%n", matched, badSnapshots.size());
        }
    }

    /** Compares each snapshot with the replayed state when the replay reaches its index. */
    private static final class SnapshotMatcher
    {
        private final List<SnapshotHeader> pending;
        private final UUID journalId;
        private final JournaledState state;
        private final List<String> bad;
        private final StateWriter expected = new StateWriter(1 << 16);
        private final StateWriter actual = new StateWriter(1 << 16);
        private final Supplier<DomainModel> model;
        private int matched;

        SnapshotMatcher(final List<SnapshotHeader> snapshots, final UUID journalId, final JournaledState state,
            final List<String> bad, final Supplier<DomainModel> model)
        {
            this.pending = new ArrayList<>(snapshots);
            this.journalId = journalId;
            this.state = state;
            this.bad = bad;
            this.model = model;
        }

        void check()
        {
            while (!pending.isEmpty() && pending.get(0).lastIndex() <= state.lastIndex())
            {
                final SnapshotHeader header = pending.remove(0);
                final String name = header.file().getFileName().toString();
                if (header.lastIndex() != state.lastIndex() || header.lastTimestamp() != state.lastTimestamp())
                {
                    bad.add(name + ": index " + header.lastIndex() + " is not where a command's events end, or " +
                        "its timestamp differs from the journal's");
                    continue;
                }
                try
                {
                    final JournaledState loaded = SnapshotFile.load(header.file(), journalId, model);
                    loaded.writeState(expected.reset());
                    state.writeState(actual.reset());
                    if (expected.length() != actual.length() || !sameBytes())
                    {
                        bad.add(name + ": its state differs from the journal's at index " + header.lastIndex());
                        continue;
                    }
                    matched++;
                }
                catch (final SnapshotException ex)
                {
                    if (Files.exists(header.file())) // pruned by a live snapshotter since it was listed: not bad
                    {
                        bad.add(ex.getMessage());
                    }
                }
            }
        }

        private boolean sameBytes()
        {
            for (int i = 0; i < actual.length(); i++)
            {
                if (expected.buffer().getByte(i) != actual.buffer().getByte(i))
                {
                    return false;
                }
            }
            return true;
        }

        List<SnapshotHeader> unreached()
        {
            return pending;
        }

        int matched()
        {
            return matched;
        }
    }
}
