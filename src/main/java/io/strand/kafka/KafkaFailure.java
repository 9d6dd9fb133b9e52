package io.strand.kafka;

/**
 * A Kafka operation that could not be done, said in one line fit for the command line (no exception class names;
 * the cause keeps the stack for {@code STRAND_DEBUG=1}).
 */
public final class KafkaFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public KafkaFailure(final String message)
    {
        super(message);
    }

    public KafkaFailure(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
