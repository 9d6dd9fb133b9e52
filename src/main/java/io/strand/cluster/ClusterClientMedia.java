package io.strand.cluster;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;

/**
 * The media driver and Aeron client that cluster clients talk through: embedded, in a fresh directory, shared by
 * every {@link StrandClusterClient} of a process (one session each).
 */
public final class ClusterClientMedia implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;

    private ClusterClientMedia(final MediaDriver driver, final Aeron aeron)
    {
        this.driver = driver;
        this.aeron = aeron;
    }

    /**
     * Starts an embedded driver (shared threading, backing-off idle) and connects a client to it.
     */
    public static ClusterClientMedia launch(final ClusterLayout layout)
    {
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(layout.clientAeronDir())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(ClusterConfiguration.idleStrategy().get())
            .termBufferSparseFile(true)
            .ipcTermBufferLength(ClusterConfiguration.DRIVER_TERM_LENGTH)
            .publicationTermBufferLength(ClusterConfiguration.DRIVER_TERM_LENGTH)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        try
        {
            return new ClusterClientMedia(driver, Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())));
        }
        catch (final RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
    }

    /**
     * @return the Aeron client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
    }
}
