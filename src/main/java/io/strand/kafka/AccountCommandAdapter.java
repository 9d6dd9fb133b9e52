package io.strand.kafka;

import io.strand.domain.account.AccountCommandType;
import io.strand.domain.account.AccountMessage;
import io.strand.domain.account.Field;
import io.strand.domain.account.Layout;
import io.strand.engine.Strand;
import io.strand.ingress.OfferResult;
import io.strand.ingress.OutcomeListener;
import io.strand.ingress.Submitter;
import io.strand.spi.Reason;
import org.agrona.collections.IntArrayQueue;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Takes account commands from the commands topic into the engine: decodes a record's JSON (the command's type
 * name, {@code clientId}, {@code clientSeq} and its fields by their dump names), and offers it through the
 * submitter of its client. A Kafka client is a Strand client: each {@code clientId} seen gets a submitter of its
 * own, so the engine's {@code (clientId, clientSeq)} dedupe is per client as it is in process. Used from one thread.
 */
final class AccountCommandAdapter
{
    private static final Map<String, AccountCommandType> TYPES = new HashMap<>();

    static
    {
        for (final AccountCommandType type : AccountCommandType.values())
        {
            TYPES.put(jsonName(type), type);
        }
    }

    private final Strand strand;
    private final Long2ObjectHashMap<Client> clients = new Long2ObjectHashMap<>();
    private final AccountMessage message = new AccountMessage();
    private long pending;

    AccountCommandAdapter(final Strand strand)
    {
        this.strand = strand;
    }

    /** A command ready to offer. */
    record Command(AccountCommandType type, long clientId, long clientSeq, long[] values)
    {
    }

    /**
     * What a record holds: a command, or why it is not one (with the client's ids if they could be read).
     */
    record Decoded(Command command, String problem, Long clientId, Long clientSeq)
    {
    }

    /** Receives each outcome with the slot its command was offered with. */
    interface OutcomeHandler
    {
        void onOutcome(long clientId, long clientSeq, long index, Reason reason, int slot);
    }

    /**
     * @return the command in the record's value, or why it is malformed.
     */
    static Decoded decode(final byte[] value)
    {
        final Map<String, Object> fields;
        try
        {
            fields = CommandJson.parse(value);
        }
        catch (final CommandJson.MalformedException ex)
        {
            return new Decoded(null, ex.getMessage(), null, null);
        }
        final Long clientId = fields.get("clientId") instanceof Long id ? id : null;
        final Long clientSeq = fields.get("clientSeq") instanceof Long seq ? seq : null;
        final Object typeName = fields.get("type");
        if (!(typeName instanceof String))
        {
            return new Decoded(null, typeName == null ? "no 'type'" : "'type' must be a string", clientId, clientSeq);
        }
        final AccountCommandType type = TYPES.get(typeName);
        if (type == null)
        {
            return new Decoded(null, "unknown command type '" + typeName + "'; one of " + TYPES.keySet(), clientId,
                clientSeq);
        }
        if (clientId == null || clientSeq == null)
        {
            return new Decoded(null, typeName + " needs integer 'clientId' and 'clientSeq'", clientId, clientSeq);
        }
        final Field[] layout = type.layout().fields();
        final long[] values = new long[layout.length];
        for (int i = 0; i < layout.length; i++)
        {
            if (!(fields.get(layout[i].jsonName()) instanceof Long v))
            {
                return new Decoded(null, typeName + " needs an integer '" + layout[i].jsonName() + "'", clientId,
                    clientSeq);
            }
            values[i] = v;
        }
        for (final String name : fields.keySet())
        {
            if (!name.equals("type") && !name.equals("clientId") && !name.equals("clientSeq") &&
                !hasField(type.layout(), name))
            {
                return new Decoded(null, typeName + " has no field '" + name + "'", clientId, clientSeq);
            }
        }
        return new Decoded(new Command(type, clientId, clientSeq, values), null, clientId, clientSeq);
    }

    /**
     * Offers the command through its client's submitter; its outcome comes to {@link #poll} with this slot.
     */
    OfferResult offer(final Command command, final int slot)
    {
        Client client = clients.get(command.clientId());
        if (client == null)
        {
            client = new Client(strand.newSubmitter(command.clientId()));
            clients.put(command.clientId(), client);
        }
        final Layout layout = command.type().layout();
        final Submitter submitter = client.submitter;
        final int offset = submitter.claim(command.type().id(), command.clientSeq(), layout.length());
        if (offset < 0)
        {
            return OfferResult.ofCode(offset);
        }
        message.wrap(submitter.buffer(), offset, layout);
        final Field[] fields = layout.fields();
        for (int i = 0; i < fields.length; i++)
        {
            message.put(fields[i], command.values()[i]);
        }
        submitter.commit(offset);
        client.slots.addInt(slot);
        pending++;
        return OfferResult.OFFERED;
    }

    /**
     * Hands every outcome that has arrived, client by client, to the handler.
     *
     * @return how many.
     */
    int poll(final OutcomeHandler handler)
    {
        int received = 0;
        for (final Client client : clients.values())
        {
            if (client.submitter.inFlight() > 0)
            {
                client.handler = handler;
                received += client.submitter.poll(client, Integer.MAX_VALUE);
            }
        }
        pending -= received;
        return received;
    }

    /**
     * @return commands offered whose outcome has not been polled.
     */
    long pending()
    {
        return pending;
    }

    /**
     * @return clients seen (one submitter each).
     */
    int clients()
    {
        return clients.size();
    }

    /**
     * @return the command type's name in JSON, e.g. {@code Deposit}, {@code OpenAccount}.
     */
    static String jsonName(final AccountCommandType type)
    {
        final StringBuilder name = new StringBuilder();
        for (final String word : type.name().split("_"))
        {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    private static boolean hasField(final Layout layout, final String name)
    {
        for (final Field field : layout.fields())
        {
            if (field.jsonName().equals(name))
            {
                return true;
            }
        }
        return false;
    }

    /** One Kafka client's submitter, and the slots of its commands in the order their outcomes will come. */
    private static final class Client implements OutcomeListener
    {
        final Submitter submitter;
        final IntArrayQueue slots = new IntArrayQueue();
        OutcomeHandler handler;

        Client(final Submitter submitter)
        {
            this.submitter = submitter;
        }

        public void onAccepted(final long clientSeq, final long index)
        {
            handler.onOutcome(submitter.clientId(), clientSeq, index, null, slots.pollInt());
        }

        public void onRejected(final long clientSeq, final Reason reason, final long index)
        {
            handler.onOutcome(submitter.clientId(), clientSeq, index, reason, slots.pollInt());
        }
    }
}
