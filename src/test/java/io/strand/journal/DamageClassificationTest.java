package io.strand.journal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Only damage is damage: a reader turns what Chronicle throws, and the JVM's fault on a mapped page, into a damaged
 * journal (which a start may quarantine), never a bug of Strand's own code, which is thrown as it is.
 */
class DamageClassificationTest
{
    @Test
    void chroniclesFailuresAreDamageAndOursAreNot()
    {
        assertTrue(JournalReader.fromChronicle(thrownAt("net.openhft.chronicle.queue.impl.single.StoreTailer")));
        assertTrue(JournalReader.fromChronicle(thrownAt("java.nio.Buffer", "net.openhft.chronicle.bytes.MappedBytes")),
            "a JDK exception raised inside Chronicle");
        assertTrue(JournalReader.fromChronicle(new InternalError("a fault occurred in an unsafe memory access")));
        assertFalse(JournalReader.fromChronicle(thrownAt("io.strand.codec.RecordDecoder",
            "net.openhft.chronicle.queue.impl.single.StoreTailer")), "a bug in Strand's decoding");
        assertFalse(JournalReader.fromChronicle(thrownAt("java.util.ArrayList", "io.strand.journal.JournalReader")));
    }

    private static RuntimeException thrownAt(final String... classes)
    {
        final RuntimeException ex = new IllegalStateException("thrown");
        final StackTraceElement[] frames = new StackTraceElement[classes.length];
        for (int i = 0; i < classes.length; i++)
        {
            frames[i] = new StackTraceElement(classes[i], "call", null, 1);
        }
        ex.setStackTrace(frames);
        return ex;
    }
}
