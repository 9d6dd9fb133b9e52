package io.strand.kafka;

import io.strand.ingress.OfferResult;
import io.strand.kafka.KafkaIngest.State;
import io.strand.spi.EngineReason;
import io.strand.spi.Reason;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The ingest's duty cycle. Connecting: a transactional producer (id derived from the journal's identity and the
 * commands topic) whose {@code initTransactions} aborts whatever batch a dead predecessor left uncommitted, then a
 * read_committed consumer of the commands topic's partitions, resuming at the group's committed offsets. Serving:
 * each poll is one batch and one transaction: every record is decoded and offered to the engine (or answered
 * {@code MALFORMED}), every outcome is awaited and sent, then the consumed offsets join the transaction and it
 * commits. A lost broker: the batch's outcomes are still awaited (the engine has its commands), the clients are
 * dropped and made again, and the uncommitted batch comes again until Kafka has been unreachable for
 * {@code timeoutMs}.
 */
final class KafkaIngestAgent implements Agent, AccountCommandAdapter.OutcomeHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngest.class);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final long RETRY_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(200);

    private final KafkaIngest.Context ctx;
    private final NanoClock clock;
    private final long timeoutNs;
    private final String transactionalId;
    private final String groupId;
    private final AccountCommandAdapter adapter;
    private final OutcomeProxy proxy;
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private ProducerRecord<byte[], byte[]>[] slots = newSlots(0);
    private String[] sources = new String[0];
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private long outageStartNs;
    private long nextAttemptNs;
    private boolean connectedOnce;
    private long batchAccepted;
    private long batchDuplicates;

    private volatile State state = State.CONNECTING;
    private volatile boolean stopRequested;
    private volatile String problem;
    private volatile long answered;
    private volatile long accepted;
    private volatile long malformed;
    private volatile long duplicates;
    private volatile long transactions;

    KafkaIngestAgent(final KafkaIngest.Context ctx)
    {
        this.ctx = ctx;
        this.clock = ctx.nanoClock();
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(ctx.timeoutMs());
        final UUID journalId = ctx.journalId();
        this.transactionalId = "strand-serve-" + journalId + "-" + ctx.commandsTopic();
        this.groupId = "strand-serve-" + journalId;
        this.adapter = new AccountCommandAdapter(ctx.strand());
        this.proxy = new OutcomeProxy(ctx.outcomesTopic());
    }

    public String roleName()
    {
        return "strand-kafka-ingest";
    }

    public void onStart()
    {
        outageStartNs = clock.nanoTime();
    }

    public int doWork()
    {
        return switch (state)
        {
            case CONNECTING -> connectWhenDue();
            case SERVING -> serve();
            default -> 0;
        };
    }

    public void onClose()
    {
        closeClients();
    }

    void requestStop()
    {
        stopRequested = true;
    }

    void onUnexpected(final Throwable error)
    {
        finish(State.FAILED, KafkaErrors.describe(error));
    }

    private int connectWhenDue()
    {
        if (stopRequested)
        {
            finish(State.DONE, null);
            return 1;
        }
        if (clock.nanoTime() < nextAttemptNs)
        {
            return 0;
        }
        try
        {
            connect();
        }
        catch (final RuntimeException ex)
        {
            onFailure(ex);
        }
        return 1;
    }

    private void connect()
    {
        producer = KafkaClients.transactionalProducer(ctx.bootstrap(), transactionalId, remainingMs(),
            Math.max(60_000, 2 * ctx.timeoutMs()));
        producer.initTransactions();
        consumer = KafkaClients.readCommittedConsumer(ctx.bootstrap(), groupId, remainingMs(), ctx.maxPollRecords());
        ensureTopic(ctx.outcomesTopic());
        final List<PartitionInfo> partitions = ensureTopic(ctx.commandsTopic());
        consumer.assign(partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        LOG.info("kafka ingest: commands from {} ({} partitions, consumer group {}), outcomes to {}{}",
            ctx.commandsTopic(), partitions.size(), groupId, ctx.outcomesTopic(), connectedOnce ?
                String.format(" (Kafka back after %.1f s)", (clock.nanoTime() - outageStartNs) / 1e9) : "");
        connectedOnce = true;
        outageStartNs = 0;
        state = State.SERVING;
    }

    private List<PartitionInfo> ensureTopic(final String topic)
    {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofMillis(remainingMs()));
        if (partitions.isEmpty())
        {
            if (KafkaClients.ensureTopic(ctx.bootstrap(), topic, false, remainingMs()))
            {
                LOG.info("kafka ingest: created topic {} (1 partition)", topic);
            }
            final long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(remainingMs());
            while ((partitions = consumer.partitionsFor(topic, Duration.ofMillis(remainingMs()))).isEmpty())
            {
                if (clock.nanoTime() > deadline)
                {
                    throw new org.apache.kafka.common.errors.TimeoutException("topic " + topic + " was created " +
                        "but Kafka does not show it yet");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        return partitions;
    }

    private int serve()
    {
        if (stopRequested)
        {
            finish(State.DONE, null);
            return 1;
        }
        try
        {
            final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            if (records.isEmpty())
            {
                return 0;
            }
            batch(records);
            return records.count();
        }
        catch (final RuntimeException ex)
        {
            onFailure(ex);
            return 1;
        }
    }

    /**
     * One poll's records as one transaction: each record's outcome in its slot, sent in the records' order once the
     * engine has answered them all; the consumed offsets commit with them.
     */
    private void batch(final ConsumerRecords<byte[], byte[]> records)
    {
        producer.beginTransaction();
        offsets.clear();
        batchAccepted = 0;
        batchDuplicates = 0;
        long batchMalformed = 0;
        final int count = records.count();
        if (slots.length < count)
        {
            slots = newSlots(count);
            sources = new String[count];
        }
        int slot = 0;
        for (final ConsumerRecord<byte[], byte[]> record : records)
        {
            sources[slot] = record.topic() + "-" + record.partition() + "@" + record.offset();
            final AccountCommandAdapter.Decoded decoded = AccountCommandAdapter.decode(record.value());
            if (decoded.command() == null)
            {
                slots[slot] = proxy.malformed(decoded.clientId(), decoded.clientSeq(), decoded.problem(),
                    sources[slot]);
                batchMalformed++;
            }
            else
            {
                offer(decoded.command(), slot);
            }
            offsets.put(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1));
            slot++;
        }
        awaitOutcomes();
        for (int i = 0; i < count; i++)
        {
            producer.send(slots[i]);
            slots[i] = null;
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        final long number = transactions + 1;
        if (ctx.beforeCommit() != null)
        {
            ctx.beforeCommit().beforeCommit(number);
        }
        producer.commitTransaction();
        transactions = number;
        answered += count;
        accepted += batchAccepted;
        duplicates += batchDuplicates;
        malformed += batchMalformed;
    }

    /** Offers a command, taking outcomes meanwhile to make room while the engine or the client's ring is full. */
    private void offer(final AccountCommandAdapter.Command command, final int slot)
    {
        final long start = clock.nanoTime();
        OfferResult result;
        while ((result = adapter.offer(command, slot)) != OfferResult.OFFERED)
        {
            if (result == OfferResult.CLOSED || result == OfferResult.TOO_LARGE)
            {
                throw new KafkaFailure("the engine refused a command from " + sources[slot] + " (" + result + ")");
            }
            if (adapter.poll(this) == 0)
            {
                if (clock.nanoTime() - start > ctx.engineTimeoutNs())
                {
                    throw new KafkaFailure("the engine took no command for " +
                        TimeUnit.NANOSECONDS.toMillis(ctx.engineTimeoutNs()) + " ms");
                }
                Thread.onSpinWait();
            }
        }
    }

    /** The engine answers every command it took: each outcome goes to its command's slot. */
    private void awaitOutcomes()
    {
        final long start = clock.nanoTime();
        while (adapter.pending() > 0)
        {
            if (adapter.poll(this) == 0)
            {
                if (clock.nanoTime() - start > ctx.engineTimeoutNs())
                {
                    throw new KafkaFailure("the engine answered none of " + adapter.pending() + " commands for " +
                        TimeUnit.NANOSECONDS.toMillis(ctx.engineTimeoutNs()) + " ms");
                }
                Thread.onSpinWait();
            }
        }
    }

    public void onOutcome(final long clientId, final long clientSeq, final long index, final Reason reason,
        final int slot)
    {
        slots[slot] = proxy.outcome(clientId, clientSeq, index, reason, sources[slot]);
        if (reason == null)
        {
            batchAccepted++;
        }
        else if (reason == EngineReason.DUPLICATE_COMMAND)
        {
            batchDuplicates++;
        }
    }

    private void onFailure(final RuntimeException error)
    {
        drainEngine();
        // a batch's transaction lives far shorter than the transaction timeout: a refusal is a newer serve's fence
        final boolean fenced = KafkaErrors.transactionRefused(error);
        closeClients();
        if (fenced)
        {
            finish(State.FAILED, "fenced: another serve of this journal from " + ctx.commandsTopic() + " took over " +
                "(transactional id " + transactionalId + ")");
            return;
        }
        if (KafkaErrors.fatal(error))
        {
            finish(State.FAILED, KafkaErrors.describe(error));
            return;
        }
        final long now = clock.nanoTime();
        if (state == State.SERVING)
        {
            outageStartNs = now;
            LOG.warn("kafka ingest: lost Kafka at {} ({}); connecting again for up to {} ms; the batch in hand " +
                "will come again", ctx.bootstrap(), KafkaErrors.describe(error), ctx.timeoutMs());
        }
        if (now - outageStartNs >= timeoutNs)
        {
            finish(State.FAILED, (connectedOnce ? "lost Kafka at " + ctx.bootstrap() + " for more than " :
                "cannot reach Kafka at " + ctx.bootstrap() + " within ") + ctx.timeoutMs() + " ms (" +
                KafkaErrors.describe(error) + "); every command answered so far has its outcome committed");
            return;
        }
        nextAttemptNs = now + RETRY_BACKOFF_NS;
        state = State.CONNECTING;
    }

    /**
     * The engine answers every command it took even when Kafka failed: take those answers (unsent: the batch comes
     * again and is answered again, a journaled command as a duplicate), so every client's ring is free again.
     */
    private void drainEngine()
    {
        final long start = clock.nanoTime();
        while (adapter.pending() > 0 && clock.nanoTime() - start < ctx.engineTimeoutNs())
        {
            if (adapter.poll(this) == 0)
            {
                Thread.onSpinWait();
            }
        }
        java.util.Arrays.fill(slots, null);
    }

    @SuppressWarnings("unchecked")
    private static ProducerRecord<byte[], byte[]>[] newSlots(final int count)
    {
        return (ProducerRecord<byte[], byte[]>[])new ProducerRecord<?, ?>[count];
    }

    private long remainingMs()
    {
        return Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(outageStartNs + timeoutNs - clock.nanoTime()));
    }

    private void finish(final State end, final String why)
    {
        closeClients();
        problem = why;
        state = end;
    }

    private void closeClients()
    {
        if (producer != null)
        {
            try
            {
                producer.close(Duration.ZERO);
            }
            catch (final RuntimeException ignore)
            {
                // its open transaction, if any, is aborted by the next initTransactions or the broker's timeout
            }
            producer = null;
        }
        if (consumer != null)
        {
            try
            {
                consumer.close(Duration.ZERO);
            }
            catch (final RuntimeException ignore)
            {
                // it commits nothing of its own: offsets go through the producer's transactions
            }
            consumer = null;
        }
    }

    State state()
    {
        return state;
    }

    String problem()
    {
        return problem;
    }

    long answered()
    {
        return answered;
    }

    long accepted()
    {
        return accepted;
    }

    long malformed()
    {
        return malformed;
    }

    long duplicates()
    {
        return duplicates;
    }

    long transactions()
    {
        return transactions;
    }
}
