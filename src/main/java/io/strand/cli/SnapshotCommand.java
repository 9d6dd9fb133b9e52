package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.engine.Strand;
import io.strand.snapshot.SnapshotHeader;
import io.strand.spi.DomainModelProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code strand snapshot}: opens the journal as the writer, recovers, writes a snapshot of the head, exits.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Open the journal as the writer, recover, write a snapshot reflecting every event, exit.")
final class SnapshotCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOption modelOption;

    @Spec
    CommandSpec spec;

    public Integer call() throws Exception
    {
        final StrandConfig config = common.load();
        final DomainModelProvider model = modelOption.resolve(config.dir(), spec.commandLine().getErr(),
            spec.qualifiedName());
        // projections need not run for a snapshot: the snapshotter follows the journal on its own
        try (Strand strand = Strand.launch(config.toContext().model(model::newModel).snapshots(true)))
        {
            final long start = System.nanoTime();
            final SnapshotHeader header = strand.snapshot().get(10, TimeUnit.MINUTES);
            spec.commandLine().getOut().printf("snapshot %s: index %d, %,d bytes, written in %.1f ms " +
                "(recovery before it: %s)%n", header.file(), header.lastIndex(), header.sizeBytes(),
                (System.nanoTime() - start) / 1e6, strand.recovery());
        }
        return 0;
    }
}
