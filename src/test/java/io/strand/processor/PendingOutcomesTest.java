package io.strand.processor;

import io.strand.spi.CommandHandler;
import io.strand.spi.EngineReason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * When a batch is not appended, exactly the outcomes that depend on it are refused: commands accepted into it,
 * duplicates of its commands, and duplicates judged too old to tell (a command of the batch may have moved the
 * client's window); nothing decided against the journal as it was.
 */
class PendingOutcomesTest
{
    private static final int UNAVAILABLE = EngineReason.JOURNAL_UNAVAILABLE.code();
    private static final int DUPLICATE = EngineReason.DUPLICATE_COMMAND.code();
    private static final int MALFORMED = EngineReason.MALFORMED.code();

    @Test
    void aFailedBatchRefusesWhatDependsOnItAndNothingElse()
    {
        final PendingOutcomes pending = new PendingOutcomes(8);
        pending.add(1, 1, 7, DUPLICATE);                 // a duplicate of an earlier, journaled command
        pending.add(1, 2, 10, CommandHandler.ACCEPT);     // the batch starts at index 10
        pending.add(1, 3, 0, MALFORMED);
        pending.add(1, 2, 10, DUPLICATE);                 // a re-send of a command of the batch
        pending.add(1, 4, 0, DUPLICATE);                  // "too old to tell"
        pending.add(1, 5, 12, CommandHandler.ACCEPT);

        pending.reject(10, UNAVAILABLE, false);

        final int[][] expected = {{DUPLICATE, 7}, {UNAVAILABLE, 0}, {MALFORMED, 0}, {UNAVAILABLE, 0}, {UNAVAILABLE, 0},
            {UNAVAILABLE, 0}};
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
        pending.reject(4, EngineReason.ENGINE_FAILED.code(), true);
        assertEquals(CommandHandler.ACCEPT, pending.code(0));
        assertEquals(3, pending.index(0));
        assertEquals(EngineReason.ENGINE_FAILED.code(), pending.code(1));
        assertEquals(5, pending.index(1));
    }
}
