package io.strand.processor;

import io.strand.domain.account.AccountReason;
import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * When a batch is not appended, every outcome decided while it was staged is refused (each was judged against
 * state holding it), and nothing decided before; when a sync fails, what points into the unsynced events.
 */
class PendingOutcomesTest
{
    private static final int UNAVAILABLE = EngineReason.JOURNAL_UNAVAILABLE.code();
    private static final int DUPLICATE = EngineReason.DUPLICATE_COMMAND.code();
    private static final int INSUFFICIENT_FUNDS = AccountReason.INSUFFICIENT_FUNDS.code();

    @Test
    void aFailedBatchRefusesEverythingDecidedWhileItWasStagedAndNothingBefore()
    {
        final PendingOutcomes pending = new PendingOutcomes(8);
        pending.add(1, 1, 7, DUPLICATE);                 // decided before the batch: a journaled command's duplicate
        pending.add(1, 4, 0, DUPLICATE);                 // decided before the batch: too old to tell
        pending.add(1, 2, 10, CommandHandler.ACCEPT);     // slot 2: the batch's first record, index 10
        pending.add(1, 3, 0, INSUFFICIENT_FUNDS);         // judged against state holding the batch
        pending.add(1, 2, 10, DUPLICATE);                 // a re-send of a command of the batch
        pending.add(1, 5, 12, CommandHandler.ACCEPT);

        pending.refuseFrom(2, UNAVAILABLE);

        final int[][] expected = {{DUPLICATE, 7}, {DUPLICATE, 0}, {UNAVAILABLE, 0}, {UNAVAILABLE, 0},
            {UNAVAILABLE, 0}, {UNAVAILABLE, 0}};
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i][0], pending.code(i), "code of outcome " + i);
            assertEquals(expected[i][1], pending.index(i), "index of outcome " + i);
        }
    }

    @Test
    void aFailedSyncKeepsTheIndexesOfWhatIsInTheJournal()
    {
        final PendingOutcomes pending = new PendingOutcomes(2);
        pending.add(1, 1, 3, CommandHandler.ACCEPT);
        pending.add(1, 2, 5, CommandHandler.ACCEPT);
        pending.reject(4, EngineReason.ENGINE_FAILED.code());
        assertEquals(CommandHandler.ACCEPT, pending.code(0));
        assertEquals(3, pending.index(0));
        assertEquals(EngineReason.ENGINE_FAILED.code(), pending.code(1));
        assertEquals(5, pending.index(1));
    }
}
