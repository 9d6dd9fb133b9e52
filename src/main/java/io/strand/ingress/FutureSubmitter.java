package io.strand.ingress;

import io.strand.spi.Reason;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The convenient way in, beside the zero-allocation one: any thread sends a command and gets a
 * {@code CompletableFuture<Outcome>} completed when its outcome arrives. It allocates a future per command and
 * serialises its callers on one {@link Submitter} (one client id); a thread of its own polls the outcomes. For the
 * hot path, use a {@link Submitter} per producer thread and poll it yourself.
 */
public final class FutureSubmitter implements AutoCloseable
{
    /**
     * Encodes one command with the clientSeq given (e.g.
     * {@code (s, seq) -> new AccountCommands(s).deposit(seq, 7, 100)}).
     */
    @FunctionalInterface
    public interface Encoder
    {
        OfferResult offer(Submitter submitter, long clientSeq);
    }

    private final Submitter submitter;
    private final Long2ObjectHashMap<CompletableFuture<Outcome>> pending = new Long2ObjectHashMap<>();
    private final OutcomeListener completer = new Completer();
    private final List<CompletableFuture<Outcome>> completedFutures = new ArrayList<>();
    private final List<Outcome> completed = new ArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    private long nextSeq;

    FutureSubmitter(final Submitter submitter)
    {
        this.submitter = submitter;
        this.nextSeq = submitter.lastJournaledSeq().orElse(0) + 1;
        this.poller = new Thread(this::poll, "strand-outcomes-" + submitter.clientId());
        this.poller.setDaemon(true);
        this.poller.start();
    }

    /**
     * Sends a command with the client's next clientSeq (after the last one journaled, then one more per command
     * sent), waiting (up to the engine's back-pressure timeout, as a {@code WAIT} submitter does) for room in the
     * ring or under the in-flight limit. Commands are journaled in the order they are sent.
     *
     * @return completed with the outcome; completed exceptionally if the command could not be sent.
     */
    public CompletableFuture<Outcome> send(final Encoder encoder)
    {
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        final IdleStrategy idle = new BackoffIdleStrategy();
        OfferResult result;
        while (true)
        {
            synchronized (this)
            {
                result = encoder.offer(submitter, nextSeq);
                if (result == OfferResult.OFFERED)
                {
                    pending.put(nextSeq++, outcome);
                    return outcome;
                }
            }
            if (result != OfferResult.IN_FLIGHT_LIMIT || !running)
            {
                outcome.completeExceptionally(new IllegalStateException("command not sent: " + result));
                return outcome;
            }
            idle.idle(); // the poller makes room as outcomes arrive
        }
    }

    private void poll()
    {
        final IdleStrategy idle = new BackoffIdleStrategy();
        while (running || hasPending())
        {
            final int polled;
            synchronized (this)
            {
                polled = submitter.poll(completer, 256);
            }
            for (int i = 0; i < completed.size(); i++) // outside the lock: a callback may send the next command
            {
                completedFutures.get(i).complete(completed.get(i));
            }
            completed.clear();
            completedFutures.clear();
            idle.idle(polled);
        }
    }

    private synchronized boolean hasPending()
    {
        return !pending.isEmpty() && submitter.inFlight() > 0;
    }

    /**
     * Stops taking commands; outcomes of commands already sent still complete their futures, then the submitter
     * closes.
     */
    public void close()
    {
        running = false;
        try
        {
            poller.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        synchronized (this)
        {
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed before its " +
                "outcome arrived")));
            pending.clear();
            submitter.close();
        }
    }

    /** Runs under the lock, on the poller: collects each future with its outcome, completed once unlocked. */
    private final class Completer implements OutcomeListener
    {
        public void onAccepted(final long clientSeq, final long index)
        {
            complete(clientSeq, new Outcome(clientSeq, index, null));
        }

        public void onRejected(final long clientSeq, final Reason reason, final long index)
        {
            complete(clientSeq, new Outcome(clientSeq, index, reason));
        }

        private void complete(final long clientSeq, final Outcome outcome)
        {
            final CompletableFuture<Outcome> future = pending.remove(clientSeq);
            if (future != null)
            {
                completedFutures.add(future);
                completed.add(outcome);
            }
        }
    }
}
