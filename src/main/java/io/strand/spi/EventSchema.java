package io.strand.spi;

/**
 * How a domain's events look to humans: type names and named numeric fields, used by dump and query output.
 */
public interface EventSchema
{
    /**
     * @param eventType a type id.
     * @return the event's name, e.g. {@code MoneyDeposited}, or null if the id is unknown.
     */
    String typeName(int eventType);

    /**
     * @param typeName a name as returned by {@link #typeName(int)}.
     * @return the type id, or -1 if no event has that name.
     */
    int typeId(String typeName);

    /**
     * Reports the event's payload fields in their schema order.
     *
     * @param event   the event.
     * @param visitor receives each field.
     */
    void describe(JournalEvent event, FieldVisitor visitor);

    /**
     * Receives one named field of an event.
     */
    @FunctionalInterface
    interface FieldVisitor
    {
        /**
         * @param name  the field's name, e.g. {@code accountId}.
         * @param value its value.
         */
        void field(String name, long value);
    }
}
