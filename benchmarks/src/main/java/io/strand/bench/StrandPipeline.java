package io.strand.bench;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.ingress.OfferResult;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.snapshot.SnapshotHeader;
import io.strand.spi.Reason;

import java.nio.file.Path;
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

    StrandPipeline(final int accounts, final boolean snapshots)
    {
        dir = BenchJournals.newDir("latency-strand");
        strand = Strand.launch(new StrandContext().dir(dir).model(AccountModel::new).snapshots(snapshots)
            .snapshotPolicy(new io.strand.snapshot.SnapshotPolicy(0, 0, 2, false)));
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

    public boolean offer(final long seq, final long account, final long amount)
    {
        return commands.deposit(seq, account, amount) == OfferResult.OFFERED;
    }

    public int poll(final OutcomeSink sink)
    {
        this.sink = sink;
        return submitter.poll(this, 256);
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
        if (sink != null)
        {
            sink.onOutcome(clientSeq);
        }
    }

    public void onRejected(final long clientSeq, final Reason reason, final long index)
    {
        if (sink != null)
        {
            sink.onOutcome(clientSeq);
        }
    }

    public void close()
    {
        strand.close();
        BenchJournals.delete(dir);
    }
}
