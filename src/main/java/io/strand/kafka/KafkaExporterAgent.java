package io.strand.kafka;

import io.strand.codec.RecordDecoder;
import io.strand.journal.Journal;
import io.strand.journal.JournalCorruptedException;
import io.strand.journal.JournalIdentity;
import io.strand.journal.JournalReader;
import io.strand.format.JournalTime;
import io.strand.kafka.KafkaExporter.State;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The exporter's duty cycle. Connecting: a transactional producer whose id is derived from the journal's identity
 * and the topic; its {@code initTransactions} fences any earlier exporter of the pair and settles the transaction
 * it left open; then the topic's committed tail says where to resume, and the journal reader is placed after that
 * command (checked to be this journal's). Exporting: whole commands are read from the journal and sent inside a
 * transaction, committed as soon as the exporter has read all the journal holds (so an event is visible about one
 * commit after it is appended while the exporter keeps up), else after {@code transactionInterval} or
 * {@code maxTransactionEvents} (a backlog goes out in transactions that large), and on stop. Losing Kafka drops the producer and connects again, resuming from the committed tail, until
 * Kafka has been unreachable for {@code timeoutMs}. Fencing, a failure no retry can mend, or journal damage stop it.
 */
final class KafkaExporterAgent implements Agent, JournalReader.RecordHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(KafkaExporter.class);
    private static final int POLL_LIMIT = 256;
    private static final long RETRY_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MIN_TRANSACTION_TIMEOUT_MS = 10_000;

    private final KafkaExporter.Context ctx;
    private final NanoClock clock;
    private final long timeoutNs;
    private final long transactionTimeoutNs;
    private Journal journal;
    private JournalReader reader;
    private EventRecordProxy proxy;
    private KafkaProducer<byte[], byte[]> producer;
    private UUID journalId;
    private String transactionalId;
    private long exportThrough = Long.MAX_VALUE;
    private boolean transactionOpen;
    private long transactionStartNs;
    private int transactionEvents;
    private long sentIndex;
    private long outageStartNs;
    private long nextAttemptNs;

    private volatile State state = State.CONNECTING;
    private volatile boolean stopRequested;
    private volatile String problem;
    private volatile long startIndex = -1;
    private volatile long committedIndex;
    private volatile long eventsCommitted;
    private volatile long transactions;
    private volatile long reconnects;

    KafkaExporterAgent(final KafkaExporter.Context ctx)
    {
        this.ctx = ctx;
        this.clock = ctx.nanoClock();
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(ctx.timeoutMs());
        this.transactionTimeoutNs = TimeUnit.MILLISECONDS.toNanos(
            Math.max(MIN_TRANSACTION_TIMEOUT_MS, 20 * TimeUnit.NANOSECONDS.toMillis(ctx.transactionIntervalNs())));
    }

    public String roleName()
    {
        return "strand-kafka-exporter";
    }

    public void onStart()
    {
        journal = ctx.journal() != null ? ctx.journal() : Journal.openReadOnly(ctx.dir(), ctx.rollCycle());
        journalId = JournalIdentity.read(ctx.dir());
        transactionalId = ExportRecordDescriptor.transactionalId(journalId, ctx.topic());
        proxy = new EventRecordProxy(ctx.topic(), ctx.eventSchema(), journalId);
        if (!ctx.follow())
        {
            final long head = journal.headIndex();
            exportThrough = head < 0 ? Long.MAX_VALUE : head; // an unreadable last excerpt: the reader reports it
        }
        outageStartNs = clock.nanoTime(); // Kafka is unreachable until a first connect says otherwise
    }

    public int doWork()
    {
        return switch (state)
        {
            case CONNECTING -> connectWhenDue();
            case EXPORTING -> export();
            default -> 0;
        };
    }

    public void onClose()
    {
        closeProducer(Duration.ZERO);
        CloseHelper.quietClose(reader);
        if (ctx.journal() == null)
        {
            CloseHelper.quietClose(journal);
        }
    }

    void requestStop()
    {
        stopRequested = true;
    }

    /** The runner's error handler: whatever escaped a duty cycle (or the start) ends the exporter. */
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
        final long begin = clock.nanoTime();
        producer = KafkaClients.transactionalProducer(ctx.bootstrap(), transactionalId, remainingMs(),
            TimeUnit.NANOSECONDS.toMillis(transactionTimeoutNs));
        producer.initTransactions();
        final long fenced = clock.nanoTime();
        final CommittedTail tail;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.readCommittedConsumer(ctx.bootstrap(), null,
            remainingMs(), 2_000))
        {
            if (consumer.partitionsFor(ctx.topic(), Duration.ofMillis(remainingMs())).isEmpty() &&
                KafkaClients.ensureTopic(ctx.bootstrap(), ctx.topic(), true, remainingMs()))
            {
                LOG.info("kafka exporter: created topic {} (1 partition, retention.ms=-1)", ctx.topic());
            }
            tail = CommittedTail.read(consumer, ctx.topic(), remainingMs(), ctx.maxTransactionEvents() + POLL_LIMIT);
        }
        placeReaderAfter(tail);
        committedIndex = tail.index();
        sentIndex = tail.index();
        final boolean first = startIndex < 0;
        if (first)
        {
            startIndex = tail.index();
        }
        LOG.info("kafka exporter: topic {} holds journal {} through index {}; exporting from index {} (earlier " +
            "exporters fenced in {} ms, the committed tail found in {} ms{})", ctx.topic(), journalId, tail.index(),
            tail.index() + 1, TimeUnit.NANOSECONDS.toMillis(fenced - begin),
            TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - fenced), first ? "" :
                String.format("; Kafka back after %.1f s", (clock.nanoTime() - outageStartNs) / 1e9));
        outageStartNs = 0;
        state = State.EXPORTING;
    }

    private void placeReaderAfter(final CommittedTail tail)
    {
        if (tail.journalId() != null && !tail.journalId().equals(journalId))
        {
            throw new KafkaFailure("topic " + ctx.topic() + " holds the events of journal " + tail.journalId() +
                ", not of this one (" + journalId + "); export to another topic");
        }
        CloseHelper.quietClose(reader);
        reader = journal.newReader();
        if (tail.index() > 0 && !reader.seekAfter(tail.index(), tail.timestamp()))
        {
            throw new KafkaFailure("topic " + ctx.topic() + " ends at index " + tail.index() + " (" +
                JournalTime.format(tail.timestamp()) + "), which this journal does not hold: the journal is shorter " +
                "than its export (a lost or repaired tail?) or no longer the one exported; export to a new topic");
        }
        if (exportThrough != Long.MAX_VALUE)
        {
            reader.stopBefore(exportThrough + 1);
        }
    }

    private int export()
    {
        try
        {
            int work = 0;
            boolean caughtUp = false;
            if (!stopRequested)
            {
                final int read = reader.poll(this, POLL_LIMIT);
                work += read;
                caughtUp = read == 0;
            }
            if (transactionOpen && (stopRequested || caughtUp || transactionEvents >= ctx.maxTransactionEvents() ||
                clock.nanoTime() - transactionStartNs >= ctx.transactionIntervalNs()))
            {
                commit();
                work++;
            }
            if (!transactionOpen && (stopRequested || (caughtUp && !ctx.follow())))
            {
                finish(State.DONE, null);
            }
            return work;
        }
        catch (final JournalCorruptedException ex)
        {
            onDamage(ex);
            return 1;
        }
        catch (final RuntimeException ex)
        {
            onFailure(ex);
            return 1;
        }
    }

    public void onRecord(final RecordDecoder record)
    {
        if (!transactionOpen)
        {
            producer.beginTransaction();
            transactionOpen = true;
            transactionStartNs = clock.nanoTime();
            transactionEvents = 0;
        }
        while (record.nextEvent())
        {
            producer.send(proxy.event(record));
            transactionEvents++;
        }
        sentIndex = record.lastIndex();
    }

    private void commit()
    {
        producer.commitTransaction();
        transactionOpen = false;
        committedIndex = sentIndex;
        eventsCommitted += transactionEvents;
        transactions++;
    }

    /** Sound records read before the damage are committed; nothing after it is ever read. */
    private void onDamage(final JournalCorruptedException damage)
    {
        try
        {
            if (transactionOpen)
            {
                commit();
            }
            finish(State.FAILED, "the journal cannot be read past index " + committedIndex + " (" +
                damage.getMessage() + "); the topic holds it through index " + committedIndex + " ('strand verify' " +
                "tells more)");
        }
        catch (final RuntimeException ex)
        {
            onFailure(ex);
        }
    }

    private void onFailure(final RuntimeException error)
    {
        final boolean wasExporting = state == State.EXPORTING;
        final boolean fenced = fenced(error);
        transactionOpen = false;
        closeProducer(Duration.ZERO);
        if (fenced)
        {
            finish(State.FENCED, "fenced: another exporter of journal " + journalId + " to topic " + ctx.topic() +
                " took over (transactional id " + transactionalId + "); this one stopped, the topic held index " +
                committedIndex + " when it last committed");
            return;
        }
        if (KafkaErrors.fatal(error))
        {
            finish(State.FAILED, KafkaErrors.describe(error));
            return;
        }
        final long now = clock.nanoTime();
        if (wasExporting)
        {
            outageStartNs = now;
            reconnects++;
            LOG.warn("kafka exporter: lost Kafka at {} ({}); connecting again for up to {} ms, then resuming after " +
                "the topic's committed tail", ctx.bootstrap(), KafkaErrors.describe(error), ctx.timeoutMs());
        }
        if (now - outageStartNs >= timeoutNs)
        {
            finish(State.FAILED, (startIndex < 0 ? "cannot reach Kafka at " + ctx.bootstrap() + " within " :
                "lost Kafka at " + ctx.bootstrap() + " for more than ") + ctx.timeoutMs() + " ms (" +
                KafkaErrors.describe(error) + "); " + (startIndex < 0 ? "nothing was exported" :
                "the topic holds the journal through index " + committedIndex));
            return;
        }
        nextAttemptNs = now + RETRY_BACKOFF_NS;
        state = State.CONNECTING;
    }

    /**
     * A refusal of a transaction younger than the transaction timeout is a fence ({@link
     * KafkaErrors#fencedMidTransaction}); an older one may be the broker's abort on timeout, so ask: aborting succeeds
     * only if no newer exporter holds the id.
     */
    private boolean fenced(final RuntimeException error)
    {
        final long age = transactionOpen ? clock.nanoTime() - transactionStartNs : -1;
        if (KafkaErrors.fencedMidTransaction(error, age, transactionTimeoutNs))
        {
            return true;
        }
        if (!KafkaErrors.transactionRefused(error) || producer == null)
        {
            return false;
        }
        try
        {
            producer.abortTransaction();
            return false;
        }
        catch (final RuntimeException ex)
        {
            return KafkaErrors.transactionRefused(ex);
        }
    }

    private long remainingMs()
    {
        return Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(outageStartNs + timeoutNs - clock.nanoTime()));
    }

    private void finish(final State end, final String why)
    {
        closeProducer(end == State.DONE ? Duration.ofMillis(ctx.timeoutMs()) : Duration.ZERO);
        problem = why;
        state = end;
        if (end == State.FAILED || end == State.FENCED)
        {
            LOG.debug("kafka exporter stopped: {}", why);
        }
    }

    private void closeProducer(final Duration timeout)
    {
        if (producer != null)
        {
            try
            {
                producer.close(timeout);
            }
            catch (final RuntimeException ignore)
            {
                // a producer that fails to close holds nothing the next one needs: its transaction is settled by
                // the next initTransactions, or by the broker's transaction timeout
            }
            producer = null;
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

    long startIndex()
    {
        return startIndex;
    }

    long committedIndex()
    {
        return committedIndex;
    }

    long eventsCommitted()
    {
        return eventsCommitted;
    }

    long transactions()
    {
        return transactions;
    }

    long reconnects()
    {
        return reconnects;
    }
}
