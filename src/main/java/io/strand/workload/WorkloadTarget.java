package io.strand.workload;

import io.strand.domain.account.AccountModel;
import io.strand.domain.account.Accounts;
import io.strand.engine.Strand;
import io.strand.ingress.CommandSubmitter;
import io.strand.ingress.ReasonCatalog;

import java.util.BitSet;

/**
 * What a workload drives: the embedded engine, or a cluster through its client.
 */
public interface WorkloadTarget
{
    /**
     * Opens a submitter for one client, on the runner's thread before the run; one producer thread uses it then,
     * and closes it.
     */
    CommandSubmitter open(long clientId);

    /**
     * @return the clientSeq the client's next command takes: one past its highest journaled one, so a workload
     *         continued on an existing journal is not taken for duplicates. Asked before the run.
     */
    long nextSeq(long clientId, CommandSubmitter submitter);

    /**
     * @return codes to reasons for the target's domain.
     */
    ReasonCatalog reasons();

    /**
     * @return which of accounts 1..accounts are open already, asked before the run so the workload does not open
     *         them again; none when the target cannot tell (a cluster client: reopening is answered ACCOUNT_EXISTS).
     */
    default BitSet accountsOpen(final int accounts)
    {
        return new BitSet();
    }

    /**
     * @return the embedded engine as a target.
     */
    static WorkloadTarget of(final Strand strand)
    {
        return new WorkloadTarget()
        {
            public CommandSubmitter open(final long clientId)
            {
                return strand.newSubmitter(clientId);
            }

            public long nextSeq(final long clientId, final CommandSubmitter submitter)
            {
                return strand.lastJournaledSeq(clientId).orElse(0) + 1; // before any command of the run
            }

            public BitSet accountsOpen(final int accounts)
            {
                final Accounts existing = ((AccountModel)strand.state().model()).accounts();
                final BitSet open = new BitSet(accounts + 1);
                for (int id = 1; id <= accounts; id++)
                {
                    if (existing.get(id) != null)
                    {
                        open.set(id);
                    }
                }
                return open;
            }

            public ReasonCatalog reasons()
            {
                return strand.reasons();
            }
        };
    }
}
