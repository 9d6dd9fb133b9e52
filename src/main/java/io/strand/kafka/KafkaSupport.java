package io.strand.kafka;

/**
 * Whether kafka-clients, an optional dependency, is on the class path. Touches no Kafka class itself, so the
 * command line can ask before anything loads one.
 */
public final class KafkaSupport
{
    private KafkaSupport()
    {
    }

    /**
     * @throws KafkaFailure saying what to add if kafka-clients is missing.
     */
    public static void requireClients()
    {
        try
        {
            Class.forName("org.apache.kafka.clients.producer.KafkaProducer", false,
                KafkaSupport.class.getClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            throw new KafkaFailure("Kafka support needs org.apache.kafka:kafka-clients on the class path: " +
                "target/strand.jar (./strand) includes it; an application embedding Strand adds the dependency " +
                "(it is optional in Strand's pom)");
        }
    }
}
