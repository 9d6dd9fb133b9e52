package io.strand.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This boot of the operating system, as Linux names it. Memory-mapped files written in the same boot are exactly
 * what their writer left (the page cache outlives a killed process); after a reboot or a power loss, pages not yet
 * written back are gone, so a value read from them is a hint, not evidence.
 */
public final class BootId
{
    private static final Path SOURCE = Path.of("/proc/sys/kernel/random/boot_id");

    private BootId()
    {
    }

    /**
     * @return this boot's id, or null where the system does not name its boots.
     */
    public static UUID current()
    {
        try
        {
            return UUID.fromString(Files.readString(SOURCE).strip());
        }
        catch (final IOException | IllegalArgumentException | SecurityException ex)
        {
            return null;
        }
    }
}
