package io.strand.engine;

import io.strand.domain.account.AccountCommands;
import io.strand.ingress.OfferResult;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.CommandSubmitter;
import io.strand.ingress.Submitter;
import io.strand.spi.Reason;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The hot path allocates nothing per command once warm: measured with the JVM's per-thread allocation counter
 * on the writer thread (ring read, validate, append, apply, outcome) and on the submitting thread (claim,
 * encode, commit, poll outcomes). Not a timing test: bytes are counted exactly, whatever the machine's speed.
 */
class HotPathAllocationTest
{
    private static final int ACCOUNTS = 1000;
    private static final int WARM_UP = 400_000;
    private static final int MEASURED = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void writerAndSubmitterAllocateNothingPerCommandOnceWarm() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final List<Throwable> errors = TestEngines.errors();
        try (Strand strand = Strand.launch(TestEngines.context(dir, errors).ringBufferBytes(1024 * 1024)))
        {
            final Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("strand-writer")).findFirst().orElseThrow();
            final Submitter submitter = strand.newSubmitter(1);
            final Driver driver = new Driver(new AccountCommands(submitter));
            for (int a = 1; a <= ACCOUNTS; a++)
            {
                driver.send(0, a, 0, 0);
            }
            driver.run(WARM_UP);
            driver.drain();
            driver.accepted = 0;

            final long writerBefore = threads.getThreadAllocatedBytes(writer.getId());
            final long selfBefore = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            driver.run(MEASURED);
            driver.drain();
            final long selfBytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - selfBefore;
            final long writerBytes = threads.getThreadAllocatedBytes(writer.getId()) - writerBefore;

            final double writerPerCommand = (double)writerBytes / MEASURED;
            final double selfPerCommand = (double)selfBytes / MEASURED;
            System.out.printf("hot path allocation over %,d commands: writer %,d B (%.4f B/command), " +
                "submitter %,d B (%.4f B/command); accepted %,d%n", MEASURED, writerBytes, writerPerCommand,
                selfBytes, selfPerCommand, driver.accepted);
            assertTrue(driver.accepted > MEASURED / 2, "mostly accepted commands: " + driver.accepted);
            assertTrue(writerPerCommand <= 0.1, "writer allocated " + writerPerCommand + " B/command");
            assertTrue(selfPerCommand <= 0.1, "submitter allocated " + selfPerCommand + " B/command");
        }
        assertEquals(List.of(), errors);
    }

    /** Deposits, withdrawals and transfers over open accounts; counts outcomes without allocating. */
    private static final class Driver implements OutcomeListener
    {
        private final AccountCommands commands;
        private final CommandSubmitter submitter;
        private long seq;
        private long accepted;
        private long state = 0x9E3779B97F4A7C15L;

        Driver(final AccountCommands commands)
        {
            this.commands = commands;
            this.submitter = commands.submitter();
        }

        void run(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                final long r = next();
                final long account = 1 + (r >>> 1) % ACCOUNTS;
                final long other = 1 + (account % ACCOUNTS);
                send((int)((r >>> 20) % 3) + 1, account, other, 1 + (r >>> 40) % 1000);
            }
        }

        void send(final int kind, final long account, final long other, final long amount)
        {
            final long clientSeq = ++seq;
            OfferResult result;
            do
            {
                result = switch (kind)
                {
                    case 0 -> commands.openAccount(clientSeq, account);
                    case 1 -> commands.deposit(clientSeq, account, amount);
                    case 2 -> commands.withdraw(clientSeq, account, amount);
                    default -> commands.transfer(clientSeq, account, other, amount);
                };
                submitter.poll(this, 256);
            }
            while (result != OfferResult.OFFERED);
        }

        void drain()
        {
            while (submitter.inFlight() > 0)
            {
                submitter.poll(this, 256);
            }
        }

        private long next()
        {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return state;
        }

        public void onAccepted(final long clientSeq, final long index)
        {
            accepted++;
        }

        public void onRejected(final long clientSeq, final Reason reason, final long index)
        {
        }
    }
}
