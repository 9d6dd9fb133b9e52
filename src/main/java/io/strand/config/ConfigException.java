package io.strand.config;

/**
 * A configuration file or override is wrong; the message is one line naming the source and the key.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public ConfigException(final String message)
    {
        super(message);
    }
}
