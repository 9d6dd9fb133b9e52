package io.strand.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.logbuffer.Header;
import io.strand.codec.ClusterIngressCodec;
import io.strand.codec.ClusterMessageDescriptor;
import io.strand.codec.ClusterReplyCodec;
import io.strand.ingress.CommandSubmitter;
import io.strand.ingress.Outcome;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.ReasonCatalog;
import io.strand.ingress.Submitter;
import io.strand.spi.EngineReason;
import io.strand.spi.Reason;
import io.strand.state.ClientWindows;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A client of a Strand cluster, with the embedded engine's submit/outcome shape ({@link CommandSubmitter}): claim,
 * encode in place, commit; outcomes by {@link #poll} or {@link #await}. One client id, one cluster session, one
 * thread. Everything happens in {@code poll}: connecting (without blocking), sending, keep-alives, receiving.
 * <p>
 * Every command is kept until answered. After a leader change, a reconnect, or a silence of
 * {@link Context#resendAfterNs}, every unanswered command is sent again with the same (clientId, clientSeq) and a
 * higher attempt number; the cluster's dedupe journals each at most once, and only the answer to the latest copy
 * counts (the log orders the copies, so it reflects all of them): a duplicate of a copy journaled earlier is
 * reported as ACCEPTED at its index. After a short silence it sends a sequence query (a nudge: the leader sends
 * answers that waited only while it handles a message, see {@link ClusterOutcomeProxy}). A cluster that stays unreachable raises {@link ClusterUnavailableException}
 * from {@code poll}; {@code await} raises it when no answer comes in time. Nothing blocks longer than asked.
 */
public final class StrandClusterClient implements CommandSubmitter, EgressListener
{
    /** Where the client is. */
    public enum State
    {
        /** Looking for the leader. */
        CONNECTING,
        /** In a session with the leader. */
        CONNECTED,
        /** Closed. */
        CLOSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(StrandClusterClient.class);
    private static final int NO_SLOT = -1;
    private static final int DUPLICATE = EngineReason.DUPLICATE_COMMAND.code();
    private static final long KEEP_ALIVE_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long NUDGE_AFTER_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Context ctx;
    private final long clientId;
    private final ReasonCatalog reasons;
    private final ClusterClientMedia media;
    private final boolean ownsMedia;
    private final int slotLength;
    private final UnsafeBuffer store;
    private final long[] seqs;
    private final int[] lengths;
    private final int[] attempts;
    private final int[] freeSlots;
    private final int[] sendQueue;
    private final long[] resendOrder;
    private final Long2LongHashMap slotBySeq = new Long2LongHashMap(NO_SLOT);
    private final ClusterIngressCodec ingress = new ClusterIngressCodec();
    private final ClusterReplyCodec reply = new ClusterReplyCodec();
    private final UnsafeBuffer query = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
        ClusterIngressCodec.headerLength(), 64));
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
    private final OutcomeHolder holder = new OutcomeHolder();
    private State state = State.CONNECTING;
    private AeronCluster cluster;
    private AeronCluster.AsyncConnect connecting;
    private OutcomeListener listener;
    private int freeCount;
    private int queueHead;
    private int queueSize;
    private int inFlight;
    /** The lowest clientSeq sent and not yet answered (valid while inFlight > 0), and the highest sent. */
    private long oldestUnanswered;
    private long highestSent;
    private int delivered;
    private int claimedSlot = NO_SLOT;
    private long now;
    private long unavailableSinceNs;
    private long lastReplyNs;
    private long resentAtNs;
    private long nudgedAtNs;
    private long keepAliveAtNs;
    private long highestSeqAnswer = -1;
    private long resends;

    private StrandClusterClient(final Context ctx)
    {
        this.ctx = ctx;
        this.clientId = ctx.clientId;
        this.reasons = new ReasonCatalog(ctx.reasons);
        this.ownsMedia = ctx.media == null;
        this.media = ownsMedia ? ClusterClientMedia.launch(ctx.layout) : ctx.media;
        final int slots = ctx.maxInFlight;
        this.slotLength = BitUtil.align(ClusterIngressCodec.headerLength() + ctx.maxCommandBytes, 64);
        this.store = new UnsafeBuffer(BufferUtil.allocateDirectAligned(slotLength * slots, 64));
        this.seqs = new long[slots];
        this.lengths = new int[slots];
        this.attempts = new int[slots];
        this.freeSlots = new int[slots];
        this.sendQueue = new int[slots];
        this.resendOrder = new long[slots];
        for (int i = 0; i < slots; i++)
        {
            freeSlots[i] = slots - 1 - i;
        }
        freeCount = slots;
        now = System.nanoTime();
        unavailableSinceNs = now;
    }

    /**
     * Creates the client; it connects in {@link #poll} (or {@link #connect}).
     */
    public static StrandClusterClient launch(final Context ctx)
    {
        return new StrandClusterClient(ctx.conclude());
    }

    /**
     * Polls until connected to the leader.
     *
     * @throws ClusterUnavailableException if no leader is reached within the timeout.
     */
    public StrandClusterClient connect(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        idle.reset();
        while (state != State.CONNECTED)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new ClusterUnavailableException(ClusterUnavailableException.Reason.NO_LEADER,
                    "no cluster leader reachable at " + ctx.layout.ingressEndpoints() + " within " +
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
            }
            idle.idle(poll(holder, 0));
        }
        return this;
    }

    public int claim(final int commandType, final long clientSeq, final int bodyLength)
    {
        if (state == State.CLOSED)
        {
            return (int)Submitter.CLOSED;
        }
        if (bodyLength < 0 || bodyLength > ctx.maxCommandBytes)
        {
            return (int)Submitter.TOO_LARGE;
        }
        if (freeCount == 0 || (inFlight > 0 && clientSeq - oldestUnanswered >= ClientWindows.WINDOW))
        {
            // the second: the cluster remembers a client's last WINDOW journaled seqs, and a command still
            // unanswered must stay among them, or its resend is answered DUPLICATE_COMMAND without its index
            return (int)Submitter.IN_FLIGHT_LIMIT;
        }
        if (queueSize > 0)
        {
            sendQueued();
            if (queueSize > 0)
            {
                return (int)Submitter.BACK_PRESSURED; // earlier commands still wait for the leader: keep the order
            }
        }
        final int slot = freeSlots[--freeCount];
        claimedSlot = slot;
        seqs[slot] = clientSeq;
        lengths[slot] = ClusterIngressCodec.headerLength() + bodyLength;
        attempts[slot] = 1;
        return ingress.wrapForWrite(store, slot * slotLength).command(commandType, 1, clientId, clientSeq)
            .bodyOffset();
    }

    public MutableDirectBuffer buffer()
    {
        return store;
    }

    public void commit(final int bodyOffset)
    {
        final int slot = claimed(bodyOffset);
        if (inFlight == 0)
        {
            lastReplyNs = System.nanoTime(); // the silence that triggers a resend starts now
            oldestUnanswered = seqs[slot];
        }
        inFlight++;
        slotBySeq.put(seqs[slot], slot);
        highestSent = Math.max(highestSent, seqs[slot]);
        enqueue(slot);
        sendQueued();
    }

    public void abort(final int bodyOffset)
    {
        freeSlots[freeCount++] = claimed(bodyOffset);
    }

    private int claimed(final int bodyOffset)
    {
        final int slot = claimedSlot;
        if (slot == NO_SLOT || bodyOffset != slot * slotLength + ClusterIngressCodec.headerLength())
        {
            throw new IllegalStateException("no command claimed at offset " + bodyOffset);
        }
        claimedSlot = NO_SLOT;
        return slot;
    }

    /**
     * Does the client's work: connects, sends what waits, keeps the session alive, resends after a silence, and
     * delivers outcomes.
     *
     * @return outcomes delivered.
     * @throws ClusterUnavailableException once per {@link Context#unavailableTimeoutNs} while no leader can be reached
     *                                     and commands wait.
     */
    public int poll(final OutcomeListener listener, final int limit)
    {
        if (state == State.CLOSED)
        {
            return 0;
        }
        now = System.nanoTime();
        this.listener = listener;
        delivered = 0;
        connection();
        if (state == State.CONNECTED)
        {
            cluster.pollEgress();
            if (state == State.CONNECTED && !cluster.isClosed())
            {
                sendQueued();
                watchdog();
            }
        }
        return delivered;
    }

    private void connection()
    {
        if (cluster != null && !cluster.isClosed())
        {
            return;
        }
        if (cluster != null)
        {
            LOG.info("client {}: the session closed (no new leader in time); reconnecting", clientId);
            cluster = null;
            unavailableSinceNs = now;
        }
        state = State.CONNECTING;
        if (connecting == null)
        {
            connecting = AeronCluster.asyncConnect(newContext());
        }
        try
        {
            final AeronCluster connected = connecting.poll();
            if (connected != null)
            {
                connecting = null;
                cluster = connected;
                state = State.CONNECTED;
                unavailableSinceNs = 0;
                keepAliveAtNs = now + KEEP_ALIVE_INTERVAL_NS;
                resendAll();
                return;
            }
        }
        catch (final RuntimeException ex) // a connect timeout: try again from the first step
        {
            CloseHelper.quietClose(connecting);
            connecting = null;
        }
        if (now - unavailableSinceNs > ctx.unavailableTimeoutNs && (inFlight > 0 || queueSize > 0))
        {
            unavailableSinceNs = now;
            throw new ClusterUnavailableException(ClusterUnavailableException.Reason.NO_LEADER,
                "no cluster leader reachable at " + ctx.layout.ingressEndpoints() + " for " +
                TimeUnit.NANOSECONDS.toMillis(ctx.unavailableTimeoutNs) + " ms; " + inFlight + " commands of " +
                "client " + clientId + " unanswered (resend them with the same clientSeq: each is journaled once)");
        }
    }

    private AeronCluster.Context newContext()
    {
        return new AeronCluster.Context()
            .aeron(media.aeron())
            .ownsAeronClient(false)
            .ingressChannel("aeron:udp?term-length=" + ClusterConfiguration.INGRESS_TERM_LENGTH)
            .ingressEndpoints(ctx.layout.ingressEndpoints())
            .egressChannel(ClusterConfiguration.egressChannel())
            .messageTimeoutNs(ctx.resendAfterNs * 2)
            .newLeaderTimeoutNs(ctx.newLeaderTimeoutNs)
            .egressListener(this)
            .errorHandler(ex -> LOG.debug("client {}: {}", clientId, ex.toString()));
    }

    /** Resend after a silence; if a resend met silence too, the session is no good: a new one. */
    private void watchdog()
    {
        if (now - keepAliveAtNs > 0)
        {
            keepAliveAtNs = now + KEEP_ALIVE_INTERVAL_NS;
            cluster.sendKeepAlive();
        }
        if (inFlight == 0 || now - Math.max(lastReplyNs, resentAtNs) < ctx.resendAfterNs)
        {
            nudge();
            return;
        }
        if (resentAtNs > lastReplyNs)
        {
            LOG.info("client {}: no answer to a resend; opening a new session", clientId);
            CloseHelper.quietClose(cluster);
            cluster = null;
            state = State.CONNECTING;
            unavailableSinceNs = now;
            resentAtNs = 0;
            return;
        }
        resendAll();
        resentAtNs = now;
    }

    /**
     * A sequence query after {@link #NUDGE_AFTER_NS} without an answer. The leader sends an answer its egress could
     * not take only while it handles a message (Aeron allows a service's egress nowhere else), and a client whose
     * window is full sends none: this is that message. It changes nothing: no command runs again (a resent command
     * that had been rejected, which the cluster does not remember, would run again after later ones). Its answer,
     * the highest journaled seq, is right whenever it comes: the log orders it after every command sent before it.
     */
    private void nudge()
    {
        if (inFlight == 0 || queueSize > 0 || now - Math.max(lastReplyNs, nudgedAtNs) < NUDGE_AFTER_NS)
        {
            return;
        }
        nudgedAtNs = now;
        ingress.wrapForWrite(query, 0).sequenceQuery(clientId);
        cluster.offer(query, 0, ClusterIngressCodec.headerLength()); // back-pressured: the next nudge goes
    }

    /** Every unanswered command again, in clientSeq order, as a new attempt. */
    private void resendAll()
    {
        queueHead = 0;
        queueSize = 0;
        int n = 0;
        for (final Long2LongHashMap.ValueIterator it = slotBySeq.values().iterator(); it.hasNext(); )
        {
            final int slot = (int)it.nextValue();
            resendOrder[n++] = slot;
        }
        if (n == 0)
        {
            return;
        }
        sortSlotsBySeq(n);
        for (int i = 0; i < n; i++)
        {
            final int slot = (int)resendOrder[i];
            attempts[slot]++;
            enqueue(slot);
        }
        resends += n;
        sendQueued();
    }

    private void sortSlotsBySeq(final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int slot = (int)resendOrder[i];
            resendOrder[i] = seqs[slot] * ctx.maxInFlight + slot; // seqs are positive and far below 2^53
        }
        Arrays.sort(resendOrder, 0, n);
        for (int i = 0; i < n; i++)
        {
            resendOrder[i] = resendOrder[i] % ctx.maxInFlight;
        }
    }

    private void enqueue(final int slot)
    {
        sendQueue[(queueHead + queueSize) % sendQueue.length] = slot;
        queueSize++;
    }

    private int sendQueued()
    {
        if (state != State.CONNECTED || cluster == null)
        {
            return 0;
        }
        int sent = 0;
        while (queueSize > 0)
        {
            final int slot = sendQueue[queueHead];
            final int offset = slot * slotLength;
            ingress.wrapForWrite(store, offset).attempt(attempts[slot]);
            if (cluster.offer(store, offset, lengths[slot]) < 0)
            {
                break; // back pressure, or no leader now: the rest waits
            }
            queueHead = (queueHead + 1) % sendQueue.length;
            queueSize--;
            sent++;
        }
        return sent;
    }

    public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        lastReplyNs = now;
        reply.wrapForRead(buffer, offset);
        if (reply.clientId() != clientId)
        {
            return;
        }
        if (reply.messageType() == ClusterMessageDescriptor.SEQUENCE)
        {
            highestSeqAnswer = reply.highestSeq();
            return;
        }
        if (reply.messageType() != ClusterMessageDescriptor.OUTCOME)
        {
            return;
        }
        final long clientSeq = reply.outcome().clientSeq();
        final int slot = (int)slotBySeq.get(clientSeq);
        if (slot == NO_SLOT || reply.attempt() != attempts[slot])
        {
            return; // answered already, or the answer to a copy superseded by a resend
        }
        int code = reply.outcome().reasonCode();
        final long index = reply.outcome().index();
        if (code == DUPLICATE && attempts[slot] > 1 && index > 0)
        {
            code = 0; // an earlier copy of this very command was journaled there
        }
        slotBySeq.remove(clientSeq);
        freeSlots[freeCount++] = slot;
        inFlight--;
        if (clientSeq == oldestUnanswered && inFlight > 0)
        {
            do // seqs rise, so each is passed once: amortized O(1) per answer
            {
                oldestUnanswered++;
            }
            while (oldestUnanswered < highestSent && slotBySeq.get(oldestUnanswered) == NO_SLOT);
        }
        delivered++;
        if (code == 0)
        {
            listener.onAccepted(clientSeq, index);
        }
        else
        {
            final Reason reason = reasons.of(code);
            listener.onRejected(clientSeq, reason != null ? reason : EngineReason.MALFORMED, index);
        }
    }

    public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
        final String ingressEndpoints)
    {
        LOG.info("client {}: node {} leads (term {}); resending {} unanswered commands", clientId, leaderMemberId,
            leadershipTermId, inFlight);
        lastReplyNs = now;
        resendAll();
    }

    public void onSessionEvent(final long correlationId, final long clusterSessionId, final long leadershipTermId,
        final int leaderMemberId, final EventCode code, final String detail)
    {
        if (code != EventCode.OK)
        {
            LOG.info("client {}: session event {} {}", clientId, code, detail);
        }
    }

    public Outcome await(final long clientSeq, final long timeoutNs)
    {
        if (inFlight != 1)
        {
            throw new IllegalStateException("await needs exactly one command in flight, have " + inFlight);
        }
        holder.outcome = null;
        final long deadline = System.nanoTime() + timeoutNs;
        idle.reset();
        while (holder.outcome == null)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new ClusterUnavailableException(ClusterUnavailableException.Reason.NO_ANSWER,
                    "no outcome for clientSeq " + clientSeq + " of client " + clientId + " within " +
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
            }
            idle.idle(poll(holder, 1));
        }
        return holder.outcome;
    }

    /**
     * Asks the cluster for this client's highest journaled clientSeq (the log orders the question after every
     * command sent before it), to continue a client's sequence across runs.
     *
     * @return the highest journaled clientSeq, 0 for none.
     * @throws ClusterUnavailableException if no answer came in time.
     */
    public long highestJournaledSeq(final long timeoutNs)
    {
        if (inFlight != 0)
        {
            throw new IllegalStateException("ask before sending commands: " + inFlight + " in flight");
        }
        final long deadline = System.nanoTime() + timeoutNs;
        highestSeqAnswer = -1;
        long askedAt = 0;
        idle.reset();
        while (highestSeqAnswer < 0)
        {
            final long t = System.nanoTime();
            if (t - deadline > 0)
            {
                throw new ClusterUnavailableException(state == State.CONNECTED ?
                    ClusterUnavailableException.Reason.NO_ANSWER : ClusterUnavailableException.Reason.NO_LEADER,
                    "the cluster at " + ctx.layout.ingressEndpoints() + " did not say client " + clientId +
                    "'s last clientSeq within " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
            }
            int work = poll(holder, 0);
            if (state == State.CONNECTED && (askedAt == 0 || t - askedAt > ctx.resendAfterNs))
            {
                ingress.wrapForWrite(query, 0).sequenceQuery(clientId);
                if (cluster.offer(query, 0, ClusterIngressCodec.headerLength()) > 0)
                {
                    askedAt = t;
                    work++;
                }
            }
            idle.idle(work);
        }
        return highestSeqAnswer;
    }

    public long inFlight()
    {
        return inFlight;
    }

    public int maxInFlight()
    {
        return ctx.maxInFlight;
    }

    public long clientId()
    {
        return clientId;
    }

    /**
     * @return where the client is.
     */
    public State state()
    {
        return state;
    }

    /**
     * @return the leader's member id, or -1 when not connected.
     */
    public int leaderMemberId()
    {
        return state == State.CONNECTED ? cluster.leaderMemberId() : -1;
    }

    /**
     * @return commands sent again (after leader changes and silences).
     */
    public long resends()
    {
        return resends;
    }

    public void close()
    {
        if (state != State.CLOSED)
        {
            state = State.CLOSED;
            CloseHelper.quietCloseAll(connecting, cluster);
            if (ownsMedia)
            {
                media.close();
            }
        }
    }

    private static final class OutcomeHolder implements OutcomeListener
    {
        Outcome outcome;

        public void onAccepted(final long clientSeq, final long index)
        {
            outcome = new Outcome(clientSeq, index, null);
        }

        public void onRejected(final long clientSeq, final Reason reason, final long index)
        {
            outcome = new Outcome(clientSeq, index, reason);
        }
    }

    /**
     * The client's configuration.
     */
    public static final class Context
    {
        private ClusterLayout layout;
        private long clientId;
        private Reason[] reasons;
        private int maxInFlight = ClientWindows.WINDOW;
        private int maxCommandBytes = 1024;
        private long resendAfterNs = TimeUnit.SECONDS.toNanos(2);
        private long newLeaderTimeoutNs = TimeUnit.SECONDS.toNanos(5);
        private long unavailableTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private ClusterClientMedia media;

        Context conclude()
        {
            if (layout == null || reasons == null)
            {
                throw new IllegalArgumentException("a cluster layout and the domain's reasons are required");
            }
            if (maxInFlight < 1 || maxInFlight > ClientWindows.WINDOW)
            {
                // a resent command must still be inside the cluster's dedupe window to be answered with its index
                throw new IllegalArgumentException("maxInFlight must be 1 to " + ClientWindows.WINDOW + ", got " +
                    maxInFlight);
            }
            return this;
        }

        public Context layout(final ClusterLayout layout)
        {
            this.layout = layout;
            return this;
        }

        public Context clientId(final long clientId)
        {
            this.clientId = clientId;
            return this;
        }

        /**
         * @param reasons the domain's reasons, to name rejections.
         */
        public Context reasons(final Reason[] reasons)
        {
            this.reasons = reasons;
            return this;
        }

        public Context maxInFlight(final int maxInFlight)
        {
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Context maxCommandBytes(final int maxCommandBytes)
        {
            this.maxCommandBytes = maxCommandBytes;
            return this;
        }

        /**
         * @param resendAfterNs silence (no answer while commands wait) after which every unanswered command is sent
         *                      again; after a second one, a new session.
         */
        public Context resendAfterNs(final long resendAfterNs)
        {
            this.resendAfterNs = resendAfterNs;
            return this;
        }

        /**
         * @param newLeaderTimeoutNs how long a session waits for a new leader before it closes (and the client opens
         *                           another).
         */
        public Context newLeaderTimeoutNs(final long newLeaderTimeoutNs)
        {
            this.newLeaderTimeoutNs = newLeaderTimeoutNs;
            return this;
        }

        /**
         * @param unavailableTimeoutNs how long no leader may be reachable, with commands waiting, before {@link #poll}
         *                             raises {@link ClusterUnavailableException}.
         */
        public Context unavailableTimeoutNs(final long unavailableTimeoutNs)
        {
            this.unavailableTimeoutNs = unavailableTimeoutNs;
            return this;
        }

        /**
         * @param media the driver and Aeron client to share with other clients; by default the client starts its own.
         */
        public Context media(final ClusterClientMedia media)
        {
            this.media = media;
            return this;
        }
    }
}
