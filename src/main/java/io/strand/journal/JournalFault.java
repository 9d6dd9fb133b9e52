package io.strand.journal;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A fault-injection hook for crash tests: called inside the Chronicle document, after half of an excerpt's
 * bytes are written and before the rest, so a test can stall or kill the writer in the middle of an excerpt.
 * Nothing in the engine installs one: a test puts a {@link Provider} on its classpath (a {@code META-INF/services}
 * entry), and a writer made while it offers a hook uses it. Without one, writers take the plain path.
 */
@FunctionalInterface
public interface JournalFault
{
    /**
     * @param firstIndex the index of the excerpt's first event.
     * @param lastIndex  the index of its last event (an excerpt holds a batch of commands).
     */
    void insideExcerpt(long firstIndex, long lastIndex);

    /** Offers a hook to writers as they are made (tests only). */
    @FunctionalInterface
    interface Provider
    {
        /**
         * @return the hook for a writer made now, or null for none.
         */
        JournalFault fault();
    }

    /**
     * @return the hook a provider on the classpath offers now, or null (always, outside tests).
     */
    static JournalFault installed()
    {
        for (final Provider provider : Providers.ON_CLASS_PATH)
        {
            final JournalFault fault = provider.fault();
            if (fault != null)
            {
                return fault;
            }
        }
        return null;
    }

    /** The providers found once, not at every writer made: the class path does not change while a JVM runs. */
    final class Providers
    {
        static final List<Provider> ON_CLASS_PATH = ServiceLoader.load(Provider.class).stream()
            .map(ServiceLoader.Provider::get).toList();

        private Providers()
        {
        }
    }
}
