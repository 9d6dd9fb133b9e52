package io.strand.engine;

import io.strand.domain.account.AccountCommands;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.AccountReason;
import io.strand.ingress.OfferResult;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class EngineSmokeTest
{
    @TempDir
    Path dir;

    @Test
    void acceptsAndRejectsThroughTheRealRingAndJournal()
    {
        try (Strand strand = Strand.launch(new StrandContext().dir(dir).model(AccountModel::new)))
        {
            final Submitter submitter = strand.newSubmitter(7);
            final AccountCommands commands = new AccountCommands(submitter);
            assertEquals(OfferResult.OFFERED, commands.openAccount(1, 100));
            assertEquals(new Outcome(1, 1, null), submitter.await(1, 5_000_000_000L));
            assertEquals(OfferResult.OFFERED, commands.withdraw(2, 100, 5));
            assertEquals(AccountReason.INSUFFICIENT_FUNDS, submitter.await(2, 5_000_000_000L).reason());
        }
    }
}
