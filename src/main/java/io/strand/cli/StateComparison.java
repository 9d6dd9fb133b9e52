package io.strand.cli;

import io.strand.domain.account.AccountModel;
import io.strand.state.JournaledState;

/**
 * Compares two journaled states of the account domain: accounts, dedupe table and head.
 */
final class StateComparison
{
    private StateComparison()
    {
    }

    /**
     * @return null when equal, otherwise the first difference found.
     */
    static String difference(final JournaledState a, final JournaledState b)
    {
        if (a.lastIndex() != b.lastIndex())
        {
            return "head index " + a.lastIndex() + " vs " + b.lastIndex();
        }
        if (!a.clients().equals(b.clients()))
        {
            return "dedupe tables differ";
        }
        if (!((AccountModel)a.model()).accounts().equals(((AccountModel)b.model()).accounts()))
        {
            return "accounts differ";
        }
        return null;
    }
}
