package io.strand.projection;

import org.agrona.collections.Long2ObjectHashMap;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Readers never see a change half made, even while the writer grows (rehashes) the map they read; a read that
 * fails with no change overlapping it fails for real. Not shown here: that a starved reader gets through. The
 * writer holds off for one because a run of ProjectionTest without that saw its readers complete no read at all
 * while the projection caught up; the starvation did not recur in later runs, so no test here can demand it.
 */
class SingleWriterSeqLockTest
{
    @Test
    void readersNeverSeeAHalfMadeChange() throws Exception
    {
        final SingleWriterSeqLock lock = new SingleWriterSeqLock();
        final Long2ObjectHashMap<long[]> map = new Long2ObjectHashMap<>(8, 0.5f);
        final long[] pair = new long[2]; // invariant: pair[0] + pair[1] == 0
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong torn = new AtomicLong();
        final Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++)
        {
            readers[r] = new Thread(() ->
            {
                while (!done.get())
                {
                    final long[] seen = lock.read(() ->
                    {
                        final long[] first = map.get(1L);
                        return new long[]{pair[0], pair[1], map.size(), first == null ? -1 : first[0]};
                    });
                    reads.incrementAndGet();
                    if (seen[0] + seen[1] != 0 || (seen[2] > 0 && seen[3] != 1))
                    {
                        torn.incrementAndGet();
                    }
                }
            });
            readers[r].start();
        }
        long i = 0;
        final long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until)
        {
            i++;
            lock.beginWrite(); // back to back, as a projection catching up
            pair[0] += i;
            pair[1] -= i;
            map.put(i, new long[]{i}); // grows the map many times over
            lock.endWrite();
        }
        done.set(true);
        for (final Thread reader : readers)
        {
            reader.join();
        }
        assertEquals(0, torn.get(), "reads that saw a change half made, out of " + reads.get());
        assertTrue(reads.get() >= 100, "the readers ran: " + reads.get());
    }

    @Test
    void aReadThatFailsWithNoChangeOverlappingItFails()
    {
        final SingleWriterSeqLock lock = new SingleWriterSeqLock();
        assertThrows(IllegalStateException.class, () -> lock.read(() ->
        {
            throw new IllegalStateException("a real failure");
        }));
    }
}
