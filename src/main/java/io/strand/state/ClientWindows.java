package io.strand.state;

import io.strand.spi.SortedKeys;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The dedupe table (client sequence numbers start at 1): for each client, its highest journaled clientSeq and the journal index of each of its last
 * {@link #WINDOW} commands. Derived from the journal only (rejections are not journaled), so it is the same live,
 * after replay and after a snapshot load, and a command re-sent after a crash is answered from it.
 * <ul>
 *   <li>above the highest seq: new, process it;</li>
 *   <li>within the window and journaled: a duplicate, with the original's index;</li>
 *   <li>within the window and not journaled (it was rejected, or never arrived): new, process it;</li>
 *   <li>older than the window: a duplicate with index 0, since it can no longer be told apart; never journaled twice.</li>
 * </ul>
 */
public final class ClientWindows
{
    /** Commands remembered per client; a power of two. */
    public static final int WINDOW = 1024;
    /** Returned by {@link #journaledIndex} for a command not journaled. */
    public static final long NOT_JOURNALED = -1;
    /** Returned by {@link #maxSeq} for a client with no journaled command. */
    public static final long NONE = Long.MIN_VALUE;

    private static final int MASK = WINDOW - 1;

    private final Long2ObjectHashMap<Window> byClient = new Long2ObjectHashMap<>();
    private long cachedClientId = NONE;
    private Window cachedWindow;

    /**
     * @return the journal index of the command's last event, 0 if journaled long ago, or {@link #NOT_JOURNALED}.
     */
    public long journaledIndex(final long clientId, final long clientSeq)
    {
        final Window window = window(clientId);
        if (window == null || clientSeq > window.maxSeq)
        {
            return NOT_JOURNALED;
        }
        if (clientSeq <= window.maxSeq - WINDOW)
        {
            return 0;
        }
        final int slot = (int)(clientSeq & MASK);
        return window.seqs[slot] == clientSeq ? window.indexes[slot] : NOT_JOURNALED;
    }

    /**
     * Records a journaled command.
     */
    public void record(final long clientId, final long clientSeq, final long lastIndex)
    {
        Window window = window(clientId);
        if (window == null)
        {
            window = new Window();
            byClient.put(clientId, window);
            cachedClientId = clientId;
            cachedWindow = window;
        }
        final int slot = (int)(clientSeq & MASK);
        window.seqs[slot] = clientSeq;
        window.indexes[slot] = lastIndex;
        window.maxSeq = Math.max(window.maxSeq, clientSeq);
    }

    /** Consecutive commands mostly come from the same client: remember the last lookup. */
    private Window window(final long clientId)
    {
        if (clientId == cachedClientId && cachedWindow != null)
        {
            return cachedWindow;
        }
        final Window window = byClient.get(clientId);
        if (window != null)
        {
            cachedClientId = clientId;
            cachedWindow = window;
        }
        return window;
    }

    /**
     * @return the client's highest journaled clientSeq, or {@link #NONE}.
     */
    public long maxSeq(final long clientId)
    {
        final Window window = byClient.get(clientId);
        return window == null ? NONE : window.maxSeq;
    }

    /**
     * @return each client's highest journaled clientSeq, copied (a start hands it to the ingress before the
     *         writer owns this table).
     */
    public Long2LongHashMap maxSeqs()
    {
        final Long2LongHashMap copy = new Long2LongHashMap(NONE);
        byClient.forEachLong((clientId, window) -> copy.put(clientId, window.maxSeq));
        return copy;
    }

    /**
     * @return clients with a journaled command.
     */
    public int clientCount()
    {
        return byClient.size();
    }

    void write(final StateWriter out)
    {
        final long[] clients = SortedKeys.of(byClient);
        out.putInt(clients.length);
        for (final long clientId : clients)
        {
            final Window window = byClient.get(clientId);
            out.putLong(clientId).putLong(window.maxSeq);
            int live = 0;
            for (int s = 0; s < WINDOW; s++)
            {
                live += window.holds(s) ? 1 : 0;
            }
            out.putInt(live);
            for (long seq = Math.max(window.maxSeq - WINDOW + 1, 1); seq <= window.maxSeq; seq++)
            {
                final int slot = (int)(seq & MASK);
                if (window.seqs[slot] == seq && window.holds(slot))
                {
                    out.putLong(seq).putLong(window.indexes[slot]);
                }
            }
        }
    }

    void read(final StateReader in)
    {
        final int clients = in.getInt();
        if (clients < 0)
        {
            throw new IllegalStateException("negative client count " + clients);
        }
        for (int c = 0; c < clients; c++)
        {
            final long clientId = in.getLong();
            final long maxSeq = in.getLong();
            final int entries = in.getInt();
            if (entries < 0 || entries > WINDOW)
            {
                throw new IllegalStateException("client " + clientId + " has " + entries + " window entries");
            }
            for (int e = 0; e < entries; e++)
            {
                record(clientId, in.getLong(), in.getLong());
            }
            final Window window = byClient.get(clientId);
            if (window == null || window.maxSeq != maxSeq)
            {
                throw new IllegalStateException("client " + clientId + " window does not end at seq " + maxSeq);
            }
        }
    }

    public boolean equals(final Object o)
    {
        if (!(o instanceof ClientWindows))
        {
            return false;
        }
        final ClientWindows that = (ClientWindows)o;
        if (byClient.size() != that.byClient.size())
        {
            return false;
        }
        for (final Long2ObjectHashMap<Window>.KeyIterator it = byClient.keySet().iterator(); it.hasNext(); )
        {
            final long clientId = it.nextLong();
            final Window other = that.byClient.get(clientId);
            if (other == null || !byClient.get(clientId).sameAs(other))
            {
                return false;
            }
        }
        return true;
    }

    public int hashCode()
    {
        return byClient.size();
    }

    /** One client's window: slot = seq mod WINDOW. */
    private static final class Window
    {
        long maxSeq = NONE;
        final long[] seqs = new long[WINDOW];
        final long[] indexes = new long[WINDOW];

        Window()
        {
            Arrays.fill(seqs, NONE);
        }

        boolean holds(final int slot)
        {
            return seqs[slot] != NONE && seqs[slot] > maxSeq - WINDOW;
        }

        boolean sameAs(final Window other)
        {
            if (maxSeq != other.maxSeq)
            {
                return false;
            }
            for (int s = 0; s < WINDOW; s++)
            {
                if (holds(s) != other.holds(s) || (holds(s) && (seqs[s] != other.seqs[s] ||
                    indexes[s] != other.indexes[s])))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
