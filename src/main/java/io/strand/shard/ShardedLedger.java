package io.strand.shard;

import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.saga.SagaContext;
import io.strand.saga.SagaEngine;
import io.strand.saga.coordinator.SagaDefinitions;
import io.strand.saga.coordinator.SagaModel;
import io.strand.state.ClientWindows;
import org.agrona.CloseHelper;
import org.agrona.collections.Long2LongHashMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The reference ledger in K shards within one process: K account strands (each with its own directory, writer,
 * journal and snapshots) and the saga engine whose participants they are, running the cross-shard transfer.
 * Commands for one shard go straight to its strand ({@link #shard}, routed by {@link #router()}); a transfer
 * between shards is a {@link TransferSaga} started through {@link #sagas()}.
 */
public final class ShardedLedger implements AutoCloseable
{
    private final ShardLayout layout;
    private final ShardRouter router;
    private final List<Strand> shards;
    private final SagaEngine sagas;
    private final Long2LongHashMap lastSeqs = new Long2LongHashMap(0);

    private ShardedLedger(final ShardLayout layout, final List<Strand> shards, final SagaEngine sagas)
    {
        this.layout = layout;
        this.router = new ShardRouter(layout.shards());
        this.shards = shards;
        this.sagas = sagas;
    }

    /**
     * Creates or opens the layout, launches the shards, then the saga engine (which sends again every step left
     * in flight).
     *
     * @param layout    the directories.
     * @param contexts  a fresh engine context for a directory (journal settings, projections); the ledger sets the
     *                  shards' model to the account domain.
     * @param sagas     the saga engine's settings; the ledger sets its coordinator, definitions and participants.
     * @param timeoutNs a transfer's deadline, counted from its start.
     * @param clientIds clients whose last clientSeq over every shard and the coordinator is read before anything
     *                  runs (see {@link #lastClientSeq}).
     */
    public static ShardedLedger launch(final ShardLayout layout, final Function<Path, StrandContext> contexts,
        final SagaContext sagas, final long timeoutNs, final long... clientIds)
    {
        final List<Strand> shards = new ArrayList<>();
        try
        {
            for (int i = 0; i < layout.shards(); i++)
            {
                shards.add(Strand.launch(contexts.apply(layout.shardDir(i)).model(AccountModel::new)));
            }
            final SagaEngine engine = SagaEngine.prepare(sagas
                .coordinator(contexts.apply(layout.coordinatorDir()))
                .definitions(List.of(new TransferSaga(new ShardRouter(layout.shards()), timeoutNs)))
                .participants(List.copyOf(shards)));
            final ShardedLedger ledger = new ShardedLedger(layout, List.copyOf(shards), engine);
            for (final long clientId : clientIds) // nothing has submitted to these strands yet: their states are readable
            {
                long last = engine.coordinator().state().clients().maxSeq(clientId);
                for (final Strand shard : shards)
                {
                    last = Math.max(last, shard.state().clients().maxSeq(clientId));
                }
                ledger.lastSeqs.put(clientId, last);
            }
            engine.start();
            return ledger;
        }
        catch (final RuntimeException | Error ex)
        {
            shards.forEach(CloseHelper::quietClose);
            throw ex;
        }
    }

    /**
     * @return a fresh coordinator domain for a layout of that many shards, as tools replay it (the transfer's
     *         deadline only matters to new starts).
     */
    public static SagaModel coordinatorModel(final int shards)
    {
        return new SagaModel(new SagaDefinitions(List.of(new TransferSaga(new ShardRouter(shards),
            TransferSaga.DEFAULT_TIMEOUT_NS))), shards);
    }

    /**
     * @return the highest clientSeq the client had journaled on any shard or the coordinator when the ledger
     *         launched ({@link ClientWindows#NONE} if none); only for the client ids given to {@link #launch}.
     */
    public long lastClientSeq(final long clientId)
    {
        return lastSeqs.get(clientId);
    }

    /**
     * @return shard {@code i}'s strand.
     */
    public Strand shard(final int i)
    {
        return shards.get(i);
    }

    /**
     * @return every shard's strand, by index.
     */
    public List<Strand> shards()
    {
        return shards;
    }

    /**
     * @return the account-to-shard router.
     */
    public ShardRouter router()
    {
        return router;
    }

    /**
     * @return the saga engine running the transfers.
     */
    public SagaEngine sagas()
    {
        return sagas;
    }

    /**
     * @return the directories.
     */
    public ShardLayout layout()
    {
        return layout;
    }

    /**
     * Closes the saga engine (dispatcher, then coordinator), then the shards.
     */
    public void close()
    {
        CloseHelper.closeAll(sagas::close, () -> shards.forEach(Strand::close));
    }
}
