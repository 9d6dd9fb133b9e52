package io.strand.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Sorts the clients' failures into what a retry cannot mend and what it may, and says them in one line.
 */
final class KafkaErrors
{
    private KafkaErrors()
    {
    }

    /**
     * @return true if a newer producer with the same transactional id took over.
     */
    static boolean fenced(final Throwable error)
    {
        return causedBy(error, ProducerFencedException.class);
    }

    /**
     * @return true if the broker refused the producer's transaction: fenced, an epoch it no longer knows, or a state
     *         the transaction is no longer in. Kafka 4.4 answers a producer fenced mid-transaction with any of these
     *         (a commit that reaches the coordinator after a newer producer aborted the transaction gets "invalid
     *         state"), and answers the last two also to a producer whose transaction it aborted on timeout.
     */
    static boolean transactionRefused(final Throwable error)
    {
        return causedBy(error, ProducerFencedException.class, InvalidProducerEpochException.class,
            InvalidTxnStateException.class);
    }

    /**
     * The broker aborts a transaction on timeout only once it has been open for the transaction timeout, counted
     * from its first send (after the producer's begin): a refusal of a younger one is a fence, and connecting again
     * would fence the newer producer in turn. Only an older one may have been the broker's abort.
     *
     * @param transactionAgeNs how long the refused transaction has been open, from its begin; negative if none was.
     * @return true if the error says a newer producer took over.
     */
    static boolean fencedMidTransaction(final Throwable error, final long transactionAgeNs,
        final long transactionTimeoutNs)
    {
        return fenced(error) ||
            (transactionRefused(error) && transactionAgeNs >= 0 && transactionAgeNs < transactionTimeoutNs);
    }

    /**
     * @return true if retrying cannot help: credentials, permissions, a broker too old, a bad topic name or record.
     */
    static boolean fatal(final Throwable error)
    {
        return causedBy(error, AuthenticationException.class, AuthorizationException.class,
            UnsupportedVersionException.class, InvalidTopicException.class, RecordTooLargeException.class,
            org.apache.kafka.common.config.ConfigException.class, KafkaFailure.class);
    }

    @SafeVarargs
    private static boolean causedBy(final Throwable error, final Class<? extends Throwable>... kinds)
    {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause())
        {
            for (final Class<? extends Throwable> kind : kinds)
            {
                if (kind.isInstance(t))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return the error and its causes' messages on one line, without class names or stack frames.
     */
    static String describe(final Throwable error)
    {
        final StringBuilder line = new StringBuilder();
        for (Throwable t = error; t != null && line.length() < 400; t = t.getCause() == t ? null : t.getCause())
        {
            final String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (line.indexOf(message) < 0)
            {
                line.append(line.length() == 0 ? "" : ": ").append(message.replace('\n', ' '));
            }
        }
        return line.toString();
    }
}
