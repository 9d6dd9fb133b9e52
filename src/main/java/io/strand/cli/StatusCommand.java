package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.engine.Strand;
import io.strand.journal.Journal;
import io.strand.journal.JournalException;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalModel;
import io.strand.journal.JournalRepair;
import io.strand.journal.StoreDamagedException;
import io.strand.journal.WriterLock;
import io.strand.recovery.JournalEvidence;
import io.strand.recovery.StoreRefusal;
import io.strand.spi.DomainModelProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code strand status}: what a journal directory holds, cheaply and without the writer lock: the head from the
 * last excerpt read backwards, the snapshots' and checkpoints' headers, the writer. It does not verify the journal
 * ({@code strand verify} does), and it shows all it can even when the journal is damaged, with the damage.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Head index, events, last event time, journal files, the writer, snapshots, projections; read " +
        "cheaply (the head from the last excerpt backwards), not verified: 'strand verify' checks every record. " +
        "A damaged journal is shown too, with the damage (exit 1).")
final class StatusCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

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
        final Path dir = config.dir();
        if (!Journal.exists(dir))
        {
            throw new JournalException("no journal in " + dir);
        }
        final List<String> damage = new ArrayList<>();
        final UUID journalId = identity(dir, damage);
        final JournalEvidence evidence = journalId == null ? null : JournalEvidence.gather(dir, journalId);
        final Journal.Head head = head(config, evidence, damage);
        final long headIndex = head == null ? -1 : head.index();
        final Report report = new Report(dir, model(dir), WriterLock.holderOf(dir), WriterLock.holderAlive(dir), head,
            journalFiles(dir), readIfExists(dir.resolve(Strand.LAST_RECOVERY_FILE)),
            Files.isDirectory(dir.resolve(JournalRepair.QUARANTINE_DIR)) ?
                list(dir.resolve(JournalRepair.QUARANTINE_DIR)).size() : 0,
            StatusLines.snapshots(dir, journalId), StatusLines.projections(dir, journalId, headIndex), damage);
        final PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json"))
        {
            out.println(report.json());
        }
        else
        {
            report.print(out);
        }
        if (!damage.isEmpty())
        {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + damage.get(0));
            return StrandCli.EXIT_FAILURE;
        }
        return 0;
    }

    /** What status found, shown as text or JSON. */
    private record Report(Path dir, String model, String holder, boolean live, Journal.Head head, List<Path> files,
        String lastRecovery, int quarantined, List<StatusLines.SnapshotLine> snapshots,
        List<StatusLines.ProjectionLine> projections, List<String> damage)
    {
        long headIndex()
        {
            return head == null ? -1 : head.index();
        }

        String lastEventTime()
        {
            return head == null || head.index() == 0 ? null : Times.format(head.timestamp());
        }

        Json json()
        {
            return new Json().field("journal", dir.toAbsolutePath().toString()).field("model", model)
                .field("writer", new Json().field("holder", holder.isEmpty() ? null : holder).field("live", live))
                .field("headIndex", headIndex()).field("events", Math.max(0, headIndex()))
                .field("lastEventTime", lastEventTime())
                .field("files", files.stream().map(f -> new Json().field("name", f.getFileName().toString())
                    .field("bytes", size(f))).toList())
                .field("bytes", files.stream().mapToLong(StatusCommand::size).sum())
                .field("snapshots", snapshots.stream().map(StatusLines.SnapshotLine::json).toList())
                .field("lastStart", lastRecovery).field("quarantined", quarantined)
                .field("projections", projections.stream().map(StatusLines.ProjectionLine::json).toList())
                .field("verified", false).field("damage", damage.isEmpty() ? null : String.join("; ", damage));
        }

        void print(final PrintWriter out)
        {
            out.printf("journal      %s%n", dir.toAbsolutePath());
            out.printf("model        %s%n", model);
            out.printf("writer       %s%n", live ? holder + " (live)" : holder.isEmpty() ? "none" : "none (last: " +
                holder + ", exited)");
            out.printf("head index   %s%n", head == null ? "unknown (see damage)" : headIndex() +
                " (read from the last excerpt)");
            out.printf("events       %s%n", head == null ? "unknown" : String.format("%,d", headIndex()));
            out.printf("last event   %s%n", lastEventTime() == null ? "-" : lastEventTime());
            out.printf("files        %d (%s), %,d bytes mapped (pre-sized, sparse)%n", files.size(),
                files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", ")),
                files.stream().mapToLong(StatusCommand::size).sum());
            out.printf("snapshots    %s%n", snapshots.isEmpty() ? "none" : snapshots.size() + " (newest first)");
            snapshots.forEach(snapshot -> snapshot.print(out));
            out.printf("last start   %s%n", lastRecovery == null ? "-" : lastRecovery);
            out.printf("quarantine   %s%n", quarantined == 0 ? "none" : quarantined + " damaged tail(s) moved " +
                "aside in " + dir.resolve(JournalRepair.QUARANTINE_DIR));
            out.printf("projections  %s%n", projections.isEmpty() ? "none checkpointed" : projections.size() +
                " checkpointed (live positions: strand stat)");
            projections.forEach(projection -> projection.print(out));
            out.printf("integrity    not verified by status ('strand verify' checks every record and snapshot)%n");
            damage.forEach(line -> out.printf("damage       %s%n", line));
        }
    }

    private static UUID identity(final Path dir, final List<String> damage)
    {
        try
        {
            return JournalIdentity.read(dir);
        }
        catch (final JournalException ex)
        {
            damage.add(ex.getMessage());
            return null;
        }
    }

    /** @return the head, or null (with the reason in damage) if it cannot be read. */
    private static Journal.Head head(final StrandConfig config, final JournalEvidence evidence,
        final List<String> damage)
    {
        final Path dir = config.dir();
        final JournalEvidence.Item strongest = evidence == null ? null : evidence.strongest();
        Journal.Head head = null;
        try (Journal journal = Journal.openReadOnly(dir, config.toContext().rollCycle()))
        {
            head = journal.head();
        }
        catch (final StoreDamagedException ex)
        {
            damage.add(StoreRefusal.unreadableStore(dir, config.toContext().rollCycle(), ex, strongest).getMessage());
            return null;
        }
        catch (final JournalException ex)
        {
            damage.add(ex.getMessage());
            return null;
        }
        if (head == null)
        {
            damage.add("the journal's last excerpt does not read back: it is damaged ('strand verify --dir " + dir +
                "' finds where the damage starts and what follows it)");
        }
        else if (strongest != null && strongest.index() > head.index())
        {
            damage.add(StoreRefusal.shorterThanEvidence(dir, head.index(), strongest).getMessage());
        }
        return head;
    }

    private static String model(final Path dir)
    {
        try
        {
            final String recorded = JournalModel.read(dir);
            if (recorded != null)
            {
                final DomainModelProvider found = DomainModels.find(recorded);
                return found == null || found.name().equals(recorded) ? recorded : found.name() + " (" + recorded + ")";
            }
            final List<DomainModelProvider> registered = DomainModels.registered();
            return "not recorded (a journal from before " + JournalModel.FILE_NAME + "): tools read it as " +
                (registered.isEmpty() ? "nothing registered" : registered.get(0).name());
        }
        catch (final RuntimeException ex)
        {
            return "unknown: " + ex.getMessage();
        }
    }

    private static String readIfExists(final Path file)
    {
        if (!Files.exists(file))
        {
            return null;
        }
        try
        {
            return Files.readString(file).strip();
        }
        catch (final IOException ex)
        {
            return "unreadable: " + ex.getMessage();
        }
    }

    static List<Path> list(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<Path> journalFiles(final Path dir)
    {
        return list(dir.resolve(Journal.QUEUE_DIR)).stream()
            .filter(f -> f.getFileName().toString().endsWith(Journal.FILE_SUFFIX)).sorted().toList();
    }

    static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            return 0; // moved away meanwhile (a repair): the listing is a moment's view
        }
    }
}
