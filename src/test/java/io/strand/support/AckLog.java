package io.strand.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcomes a writer acknowledged, read back from {@code strand load --ack-log}: one line per outcome,
 * written and flushed only after the outcome arrived. A last line cut by a kill is ignored.
 */
public final class AckLog
{
    private AckLog()
    {
    }

    /** One acknowledged outcome. */
    public record Ack(long clientId, long clientSeq, boolean accepted, long index, String reason)
    {
        public String command()
        {
            return clientId + "/" + clientSeq;
        }
    }

    public static List<Ack> read(final Path file) throws IOException
    {
        final List<Ack> acks = new ArrayList<>();
        if (!Files.exists(file))
        {
            return acks;
        }
        final String text = Files.readString(file);
        final int end = text.lastIndexOf('\n');
        if (end < 0)
        {
            return acks;
        }
        for (final String line : text.substring(0, end).split("\n"))
        {
            final String[] parts = line.split(" ");
            if (parts.length != 4)
            {
                throw new AssertionError("malformed ack line: " + line);
            }
            final boolean accepted = parts[2].equals("ACCEPTED");
            acks.add(new Ack(Long.parseLong(parts[0]), Long.parseLong(parts[1]), accepted,
                accepted ? Long.parseLong(parts[3]) : 0, accepted ? null : parts[3]));
        }
        return acks;
    }
}
