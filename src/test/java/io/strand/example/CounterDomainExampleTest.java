package io.strand.example;

import io.strand.engine.Strand;
import io.strand.engine.StrandContext;
import io.strand.ingress.Outcome;
import io.strand.ingress.Submitter;
import io.strand.spi.CommandHandler;
import io.strand.spi.DomainModel;
import io.strand.spi.EventApplier;
import io.strand.spi.EventSchema;
import io.strand.spi.JournalEvent;
import io.strand.spi.Reason;
import io.strand.spi.StateReader;
import io.strand.spi.StateWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's embedding example, compiled and run so it cannot go stale: a domain of one counter that may
 * never go negative, plugged into the engine through the SPI.
 */
class CounterDomainExampleTest
{
    enum CounterReason implements Reason
    {
        WOULD_GO_NEGATIVE(100);

        private final int code;

        CounterReason(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }
    }

    // --- README example starts
    static final class Counter implements DomainModel
    {
        long value;                                                  // the state: only the applier changes it

        public CommandHandler handler()                              // command type 1: add the long in the body
        {
            return (type, buffer, offset, length, events) ->
            {
                final long delta = buffer.getLong(offset);
                if (value + delta < 0)
                {
                    return CounterReason.WOULD_GO_NEGATIVE.code();   // typed rejection, nothing journaled
                }
                events.buffer().putLong(events.claim(1, 1, 8), delta); // event type 1, version 1: Added(delta)
                return CommandHandler.ACCEPT;
            };
        }

        public EventApplier applier()                                // the one fold, live and in replay
        {
            return event -> value += event.buffer().getLong(event.offset());
        }

        public Reason[] reasons()
        {
            return CounterReason.values();
        }

        public EventSchema eventSchema()
        {
            return new CounterSchema();
        }

        public int stateVersion()                                    // snapshots: the state as bytes
        {
            return 1;
        }

        public void writeState(final StateWriter out)
        {
            out.putLong(value);
        }

        public void readState(final StateReader in, final int version)
        {
            value = in.getLong();
        }
    }
    // --- README example ends

    static final class CounterSchema implements EventSchema
    {
        public String typeName(final int eventType)
        {
            return eventType == 1 ? "Added" : null;
        }

        public int typeId(final String typeName)
        {
            return "Added".equals(typeName) ? 1 : -1;
        }

        public void describe(final JournalEvent event, final FieldVisitor visitor)
        {
            visitor.field("delta", event.buffer().getLong(event.offset()));
        }
    }

    @TempDir
    Path dir;

    @Test
    void counterDomainRunsOnTheEngineAndSurvivesARestart()
    {
        try (Strand strand = Strand.launch(new StrandContext().dir(dir).model(Counter::new)))
        {
            final Submitter submitter = strand.newSubmitter(42);          // one per producer thread
            assertTrue(add(submitter, 1, 5).accepted());
            final Outcome rejected = add(submitter, 2, -6);
            assertEquals(CounterReason.WOULD_GO_NEGATIVE, rejected.reason());
            assertEquals(2, add(submitter, 3, -5).index());               // journal index of the event
        }
        try (Strand restarted = Strand.launch(new StrandContext().dir(dir).model(Counter::new)))
        {
            assertEquals(2, restarted.state().lastIndex());
            restarted.close();
            assertEquals(0, ((Counter)restarted.state().model()).value);
        }
    }

    private static Outcome add(final Submitter submitter, final long clientSeq, final long delta)
    {
        final int offset = submitter.claim(1, clientSeq, 8);              // claim in the ring: no allocation
        submitter.buffer().putLong(offset, delta);                         // encode in place
        submitter.commit(offset);
        return submitter.await(clientSeq, 5_000_000_000L);                 // or poll(listener) without blocking
    }
}
