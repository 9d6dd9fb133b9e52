package io.strand.domain.account;

import io.strand.spi.EventSchema;
import io.strand.spi.JournalEvent;

/**
 * Names the account domain's events and fields for dumps.
 */
public final class AccountEventSchema implements EventSchema
{
    private final AccountMessage event = new AccountMessage();

    public String typeName(final int eventType)
    {
        final AccountEventType type = AccountEventType.of(eventType);
        return type == null ? null : type.eventName();
    }

    public int typeId(final String typeName)
    {
        for (final AccountEventType type : AccountEventType.values())
        {
            if (type.eventName().equals(typeName))
            {
                return type.id();
            }
        }
        return -1;
    }

    public void describe(final JournalEvent journalEvent, final FieldVisitor visitor)
    {
        final AccountEventType type = AccountEventType.of(journalEvent.type());
        if (type == null || journalEvent.length() != type.layout().length())
        {
            return;
        }
        final Layout layout = type.layout();
        event.wrap(journalEvent.buffer(), journalEvent.offset(), layout);
        for (int i = 0, n = layout.fieldCount(); i < n; i++)
        {
            visitor.field(layout.field(i).jsonName(), event.get(layout.field(i)));
        }
    }
}
