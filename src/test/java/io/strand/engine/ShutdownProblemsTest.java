package io.strand.engine;

import io.strand.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A shutdown whose snapshot or checkpoints cannot be written (a full disk, a read-only directory) says so in one
 * line and exits non-zero; the journal still holds every acknowledged command.
 */
class ShutdownProblemsTest
{
    @TempDir
    Path tmp;

    @Test
    void aFailedShutdownSnapshotIsReportedInOneLineAndTheExitIsNonZero() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("snapshots"), "a file where the snapshots' directory should be");

        final Cli load = Cli.run("load", "--dir", dir.toString(), "--commands", "500", "--accounts", "5");
        assertEquals(1, load.exitCode(), load.out());
        assertTrue(load.errLine().startsWith("strand load: the shutdown did not complete: ") &&
            load.errLine().contains("cannot write a snapshot") && load.errLine().contains("every acknowledged command"),
            load.err());
        assertTrue(load.out().contains("head index"), load.out());
        assertEquals(0, Cli.run("verify", "--dir", dir.toString()).exitCode());
    }
}
