package io.strand.kafka;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A fault-injection hook for crash tests of the ingest: called before each Kafka transaction's commit, when the
 * engine has journaled and answered the batch but Kafka has neither its outcomes nor its consumed offsets, so a test
 * can kill the process there and see the batch delivered again. Nothing installs one in production: a test puts a
 * {@link Provider} on its classpath (a {@code META-INF/services} entry), as for the journal's fault hook.
 */
@FunctionalInterface
public interface IngestFault
{
    /**
     * @param transaction the transaction's number in this ingest, from 1.
     */
    void beforeCommit(long transaction);

    /** Offers a hook to an ingest as it starts (tests only). */
    @FunctionalInterface
    interface Provider
    {
        /**
         * @return the hook for an ingest started now, or null for none.
         */
        IngestFault fault();
    }

    /**
     * @return the hook a provider on the classpath offers now, or null (always, outside tests).
     */
    static IngestFault installed()
    {
        for (final Provider provider : Providers.ON_CLASS_PATH)
        {
            final IngestFault fault = provider.fault();
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
