package io.strand.recovery;

/**
 * What a startup replay did.
 *
 * @param commands    excerpts (journaled commands) replayed.
 * @param events      events replayed (equal to the journal's head index after a replay from the start).
 * @param elapsedNanos wall time of the replay.
 */
public record RecoveryReport(long commands, long events, long elapsedNanos)
{
    /**
     * @return events replayed per second, 0 for an empty journal.
     */
    public double eventsPerSecond()
    {
        return elapsedNanos == 0 ? 0 : events * 1e9 / elapsedNanos;
    }

    public String toString()
    {
        return String.format("replayed %,d events (%,d commands) in %.1f ms (%,.0f events/s)",
            events, commands, elapsedNanos / 1e6, eventsPerSecond());
    }
}
