package io.strand.engine;

/**
 * How the engine's agents share threads, as Aeron's media driver does. The writer always has its own thread; the
 * read side (projections, the snapshotter, exporters) follows the journal through feeders.
 */
public enum ThreadingMode
{
    /** One feeder for the whole read side, on one thread: each record read and checked once. Suits few cores. */
    SHARED,
    /** One feeder and one thread per read model: they never wait for each other. Suits many cores. */
    DEDICATED;

    /**
     * @return the mode for a machine with this many cores: dedicated threads only where they do not compete with the
     *         writer and the producers for the same cores.
     */
    public static ThreadingMode forCores(final int cores)
    {
        return cores >= 4 ? DEDICATED : SHARED;
    }
}
