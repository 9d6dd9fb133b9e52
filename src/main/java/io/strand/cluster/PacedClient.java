package io.strand.cluster;

import io.strand.domain.account.AccountCommands;
import io.strand.ingress.OfferResult;
import io.strand.ingress.OutcomeListener;
import io.strand.spi.Reason;
import io.strand.workload.AccountWorkload;
import io.strand.workload.GeneratedCommand;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives one cluster client from the caller's thread (the demo's, a test's): the account workload offered at a
 * fixed rate, open loop, every outcome kept as an ack line ({@code clientId clientSeq ACCEPTED index} or
 * {@code clientId clientSeq REJECTED reason}), and the time of the last acceptance.
 */
public final class PacedClient implements OutcomeListener
{
    private final StrandClusterClient client;
    private final List<String> acks = new ArrayList<>();
    private final AccountCommands commands;
    private final AccountWorkload workload;
    private final GeneratedCommand command = new GeneratedCommand();
    private final long intervalNs;
    private long nextSendNs;
    private long seq = 1;
    private boolean pending;
    private long lastAcceptedNs;
    private long accepted;

    public PacedClient(final StrandClusterClient client, final int accounts, final long seed, final long ratePerSecond)
    {
        this.client = client;
        this.commands = new AccountCommands(client);
        this.workload = new AccountWorkload(seed, 0, 1, accounts, true);
        this.intervalNs = 1_000_000_000L / ratePerSecond;
        this.nextSendNs = System.nanoTime();
    }

    /**
     * Sends what is due and polls; call in a loop.
     */
    public int step()
    {
        final long now = System.nanoTime();
        int work = client.poll(this, 256);
        while (now - nextSendNs >= 0) // every command due by now, so a caller stepping every few ms keeps the rate
        {
            if (!pending)
            {
                workload.next(command);
                pending = true;
            }
            if (command.offer(commands, seq) != OfferResult.OFFERED)
            {
                break; // pushed back: the same command again at the next step
            }
            pending = false;
            seq++;
            work++;
            nextSendNs = Math.max(nextSendNs + intervalNs, now - 50_000_000L); // after a stall, a burst of 50 ms at most
        }
        return work;
    }

    /**
     * Polls until every command sent has its outcome.
     *
     * @throws ClusterUnavailableException if the cluster stays unreachable.
     */
    public void drain()
    {
        while (client.inFlight() > 0)
        {
            if (client.poll(this, 256) == 0)
            {
                Thread.yield();
            }
        }
    }

    /**
     * @return commands sent.
     */
    public long sent()
    {
        return seq - 1;
    }

    /**
     * @return the outcomes so far, one ack line each, in the order they came.
     */
    public List<String> acks()
    {
        return acks;
    }

    /**
     * @return commands accepted so far.
     */
    public long accepted()
    {
        return accepted;
    }

    /**
     * @return when the last acceptance came ({@link System#nanoTime()}).
     */
    public long lastAcceptedNs()
    {
        return lastAcceptedNs;
    }

    /**
     * @return the client driven.
     */
    public StrandClusterClient client()
    {
        return client;
    }

    public void onAccepted(final long clientSeq, final long index)
    {
        accepted++;
        lastAcceptedNs = System.nanoTime();
        acks.add(client.clientId() + " " + clientSeq + " ACCEPTED " + index);
    }

    public void onRejected(final long clientSeq, final Reason reason, final long index)
    {
        acks.add(client.clientId() + " " + clientSeq + " REJECTED " + reason.name());
    }
}
