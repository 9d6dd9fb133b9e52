package io.strand.workload;

import io.strand.engine.Strand;
import io.strand.ingress.CommandSubmitter;
import io.strand.ingress.ReasonCatalog;
import io.strand.state.ClientWindows;

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
                final long last = strand.state().clients().maxSeq(clientId); // before any command of the run
                return last == ClientWindows.NONE ? 1 : last + 1;
            }

            public ReasonCatalog reasons()
            {
                return strand.reasons();
            }
        };
    }
}
