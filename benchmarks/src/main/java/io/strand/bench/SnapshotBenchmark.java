package io.strand.bench;

import io.strand.codec.ExcerptEncoder;
import io.strand.codec.RecordDecoder;
import io.strand.domain.account.AccountEventType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.AccountModel;
import io.strand.domain.account.Field;
import io.strand.snapshot.SnapshotFile;
import io.strand.snapshot.SnapshotHeader;
import io.strand.spi.StateWriter;
import io.strand.state.JournaledState;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Snapshot write (serialise, write, fsync, rename, fsync the directory) and load (read, CRC, decode into fresh
 * state) of the reference domain with one million accounts, each with a balance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(3)
public class SnapshotBenchmark
{
    @Param({"1000000"})
    public int accounts;

    private Path dir;
    private final UUID journalId = UUID.randomUUID();
    private JournaledState state;
    private SnapshotHeader written;
    private final StateWriter scratch = new StateWriter(1 << 20);

    @Setup(Level.Trial)
    public void build()
    {
        dir = BenchJournals.newDir("snapshot");
        state = new JournaledState(new AccountModel());
        final ExcerptEncoder encoder = new ExcerptEncoder(256);
        final RecordDecoder decoder = new RecordDecoder();
        final AccountMessage message = new AccountMessage();
        long index = 0;
        for (int a = 1; a <= accounts; a++)
        {
            for (final AccountEventType type : new AccountEventType[]{AccountEventType.ACCOUNT_OPENED,
                AccountEventType.MONEY_DEPOSITED})
            {
                encoder.clear();
                encoder.begin(++index, index, 1, index);
                message.wrap(encoder.buffer(), encoder.claim(type.id(), 1, type.layout().length()), type.layout())
                    .put(Field.ACCOUNT_ID, a);
                if (type == AccountEventType.MONEY_DEPOSITED)
                {
                    message.put(Field.AMOUNT, 1000 + a);
                }
                encoder.finish();
                state.apply(decoder.wrap(encoder.buffer(), 0, encoder.length()));
            }
        }
        written = SnapshotFile.write(dir, journalId, state, scratch, 0);
    }

    @TearDown(Level.Trial)
    public void close()
    {
        BenchJournals.delete(dir);
    }

    @Benchmark
    public SnapshotHeader write()
    {
        return SnapshotFile.write(dir, journalId, state, scratch, 0);
    }

    @Benchmark
    public JournaledState load()
    {
        final JournaledState loaded = SnapshotFile.load(written.file(), journalId, AccountModel::new);
        if (((AccountModel)loaded.model()).accounts().size() != accounts)
        {
            throw new IllegalStateException("loaded " + ((AccountModel)loaded.model()).accounts().size());
        }
        return loaded;
    }
}
