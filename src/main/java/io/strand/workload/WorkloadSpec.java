package io.strand.workload;

/**
 * The shape of a workload run.
 *
 * @param producers    producer threads; producer p is client p + 1.
 * @param accounts     account ids run from 1 to this.
 * @param seed         same seed, same commands.
 * @param rate         commands per second offered across all producers; 0 for as fast as the engine takes them.
 * @param openAccounts whether the producers first open the accounts (false when they are already open).
 */
public record WorkloadSpec(int producers, int accounts, long seed, long rate, boolean openAccounts)
{
}
