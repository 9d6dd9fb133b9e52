package io.strand.journal;

import io.strand.codec.ExcerptDecoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads excerpts in order straight from mapped memory, checking each one's CRC, framing and index continuity
 * before handing it on: a damaged excerpt is never served. Owned by one thread.
 */
public final class JournalReader implements AutoCloseable
{
    private final ExcerptTailer tailer;
    private final ExcerptDecoder decoder = new ExcerptDecoder();
    private long nextIndex = 1;

    JournalReader(final ExcerptTailer tailer)
    {
        this.tailer = tailer;
    }

    /**
     * Receives each sound excerpt; the decoder is valid only during the call.
     */
    @FunctionalInterface
    public interface ExcerptHandler
    {
        /**
         * @param excerpt the checked excerpt, positioned before its first event.
         */
        void onExcerpt(ExcerptDecoder excerpt);
    }

    /**
     * Reads up to {@code limit} excerpts.
     *
     * @return how many were read; 0 at the current end of the journal.
     * @throws JournalCorruptedException at the first excerpt that fails its checks; the reader stays before it.
     */
    public int poll(final ExcerptHandler handler, final int limit)
    {
        int read = 0;
        while (read < limit)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                if (!dc.isData())
                {
                    continue;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                decoder.wrap(bytes.addressForRead(bytes.readPosition()), length);
                final String problem = decoder.check();
                if (problem != null || decoder.firstIndex() != nextIndex)
                {
                    dc.rollbackOnClose();
                    throw new JournalCorruptedException(nextIndex, dc.index(), problem != null ? problem :
                        "index discontinuity: excerpt starts at " + decoder.firstIndex());
                }
                nextIndex = decoder.lastIndex() + 1;
                handler.onExcerpt(decoder);
                read++;
            }
        }
        return read;
    }

    /**
     * @return the index the next excerpt must start at (1 + the last index read).
     */
    public long nextIndex()
    {
        return nextIndex;
    }

    public void close()
    {
        tailer.close();
    }
}
