package io.strand.domain.account.readmodel;

import io.strand.projection.ProjectionDefinition;

import java.util.List;

/**
 * The reference domain's built-in read models.
 */
public final class AccountProjections
{
    public static final ProjectionDefinition<BalancesProjection> BALANCES =
        new ProjectionDefinition<>(BalancesProjection.NAME, BalancesProjection::new);
    public static final ProjectionDefinition<HistoryProjection> HISTORY =
        new ProjectionDefinition<>(HistoryProjection.NAME, HistoryProjection::new);
    public static final ProjectionDefinition<LedgerTotalsProjection> LEDGER =
        new ProjectionDefinition<>(LedgerTotalsProjection.NAME, LedgerTotalsProjection::new);

    private AccountProjections()
    {
    }

    /**
     * @return every built-in projection.
     */
    public static List<ProjectionDefinition<?>> all()
    {
        return List.of(BALANCES, HISTORY, LEDGER);
    }

    /**
     * @return the built-in projections with these names.
     * @throws IllegalArgumentException naming an unknown one.
     */
    public static List<ProjectionDefinition<?>> named(final List<String> names)
    {
        final List<ProjectionDefinition<?>> chosen = new java.util.ArrayList<>();
        for (final String name : names)
        {
            chosen.add(all().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown projection '" + name + "'; known: balances, history, ledger")));
        }
        return chosen;
    }
}
