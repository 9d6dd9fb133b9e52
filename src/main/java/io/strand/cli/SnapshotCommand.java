package io.strand.cli;

import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.snapshot.SnapshotHeader;
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

    @Spec
    CommandSpec spec;

    public Integer call() throws Exception
    {
        final StrandConfig config = common.load();
        try (Strand strand = Strand.launch(AccountEngine.context(config).snapshots(true)))
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
