package io.strand.journal;

import net.openhft.chronicle.queue.RollCycle;

import java.nio.file.Path;

/**
 * What the journal's files still hold, found by the records' own CRCs without Chronicle: the sound records whose
 * indexes run on from 1 without a gap. A store whose Chronicle headers are lost keeps every record in its bytes;
 * {@code strand repair --salvage} rebuilds the journal from them.
 *
 * @param lastIndex   the last index of the contiguous run from 1 (0 if none).
 * @param records     how many records that run holds.
 * @param beyondGap   the first index of a sound record found after a gap in the run, or -1.
 */
public record Salvage(long lastIndex, long records, long beyondGap)
{
    /**
     * Scans every cycle file (the whole journal: failure paths only).
     */
    public static Salvage of(final Path dir, final RollCycle rollCycle)
    {
        final long[] next = {1};
        final long[] count = {0};
        final long[] gap = {-1};
        RecordScan.everyRecord(dir, rollCycle, (record, file, position) ->
        {
            if (record.firstIndex() == next[0])
            {
                next[0] = record.lastIndex() + 1;
                count[0]++;
            }
            else if (record.firstIndex() > next[0] && gap[0] < 0)
            {
                gap[0] = record.firstIndex();
            }
            return true;
        });
        return new Salvage(next[0] - 1, count[0], gap[0]);
    }

    /**
     * @return the run in words, for messages.
     */
    public String describe()
    {
        return lastIndex == 0 ? "no sound record of index 1 onwards" :
            "sound records of events 1.." + lastIndex + (beyondGap > 0 ? " (and more from index " + beyondGap +
                " after a gap)" : "");
    }
}
