package io.strand.bench;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.readmodel.AccountProjections;
import io.strand.domain.account.readmodel.BalancesProjection;
import io.strand.projection.ProjectionFollower;
import org.HdrHistogram.Histogram;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.ingress.OfferResult;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.snapshot.SnapshotHeader;
import io.strand.spi.Reason;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The engine as a latency-harness pipeline: one submitter, deposits into pre-opened accounts.
 */
final class StrandPipeline implements Pipeline, OutcomeListener
{
    private final Path dir;
    private final Strand strand;
    private final Submitter submitter;
    private final AccountCommands commands;
    private OutcomeSink sink;
    private long seqBase;
    private long maxClientSeq;
    private long rejected;
    private final ProjectionFollower<BalancesProjection> balances;
    private final long[] pendingIndex = new long[1 << 16];
    private final long[] pendingIntended = new long[1 << 16];
    private long pendingHead;
    private long pendingTail;
    private Histogram visible;
    private long[] intended;
    private int mask;
    private long measureFrom;

    /**
     * Also records, for every accepted command after {@code measureFrom}, the time from its intended send to
     * when the balances projection has applied it.
     */
    void trackVisibility(final Histogram visible, final long[] intended, final int mask, final long measureFrom)
    {
        this.visible = visible;
        this.intended = intended;
        this.mask = mask;
        this.measureFrom = measureFrom;
    }

    /**
     * @return true once every tracked command is visible in the projection.
     */
    boolean allVisible()
    {
        drainVisible();
        return pendingHead == pendingTail;
    }

    private void drainVisible()
    {
        if (pendingHead == pendingTail)
        {
            return;
        }
        final long position = balances.position();
        final long now = System.nanoTime();
        while (pendingHead < pendingTail && pendingIndex[(int)(pendingHead & 0xFFFF)] <= position)
        {
            visible.recordValue(Math.max(0, now - pendingIntended[(int)(pendingHead & 0xFFFF)]));
            pendingHead++;
        }
    }

    StrandPipeline(final int accounts, final boolean snapshots, final boolean balancesProjection)
    {
        dir = BenchJournals.newDir("latency-strand");
        strand = Strand.launch(new StrandContext().dir(dir).model(AccountModel::new).snapshots(snapshots)
            .snapshotPolicy(new io.strand.snapshot.SnapshotPolicy(0, 0, 2, false))
            .projections(balancesProjection ? List.of(AccountProjections.BALANCES) : List.of()));
        balances = balancesProjection ? strand.projection(AccountProjections.BALANCES) : null;
        submitter = strand.newSubmitter(1);
        commands = new AccountCommands(submitter);
        final Submitter opener = strand.newSubmitter(2);
        final AccountCommands open = new AccountCommands(opener);
        for (long a = 1; a <= accounts; a++)
        {
            while (open.openAccount(a, a) != OfferResult.OFFERED)
            {
                opener.poll(this, 1024);
            }
            opener.poll(this, 1024);
        }
        while (opener.inFlight() > 0)
        {
            opener.poll(this, 1024);
        }
        opener.close();
    }

    public void startRun()
    {
        seqBase = maxClientSeq;
        rejected = 0;
    }

    public void endRun()
    {
        if (rejected > 0)
        {
            throw new IllegalStateException(rejected + " deposits rejected: the run measured rejections");
        }
    }

    public boolean offer(final long seq, final long account, final long amount)
    {
        final long clientSeq = seqBase + seq; // client sequence numbers keep increasing across runs
        final boolean offered = commands.deposit(clientSeq, account, amount) == OfferResult.OFFERED;
        if (offered)
        {
            maxClientSeq = Math.max(maxClientSeq, clientSeq);
        }
        return offered;
    }

    public int poll(final OutcomeSink sink)
    {
        this.sink = sink;
        final int n = submitter.poll(this, 256);
        if (visible != null)
        {
            drainVisible();
        }
        return n;
    }

    public long inFlight()
    {
        return submitter.inFlight();
    }

    CompletableFuture<SnapshotHeader> snapshot()
    {
        return strand.snapshot();
    }

    public void onAccepted(final long clientSeq, final long index)
    {
        final long seq = clientSeq - seqBase;
        if (visible != null && seq > measureFrom && pendingTail - pendingHead < pendingIndex.length)
        {
            pendingIndex[(int)(pendingTail & 0xFFFF)] = index;
            pendingIntended[(int)(pendingTail & 0xFFFF)] = intended[(int)(seq & mask)];
            pendingTail++;
        }
        if (sink != null)
        {
            sink.onOutcome(seq);
        }
    }

    public void onRejected(final long clientSeq, final Reason reason, final long index)
    {
        rejected++;
        if (sink != null)
        {
            sink.onOutcome(clientSeq - seqBase);
        }
    }

    public void close()
    {
        strand.close();
        BenchJournals.delete(dir);
    }
}
