package io.strand.cli;

import io.strand.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * query balance --as-of reads positions as everything else does: an integer below 10^18 is an index (it was read
 * as epoch nanoseconds before), a time may be ISO-8601 without a zone (UTC) or relative to now.
 */
class QueryAsOfCliTest
{
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"?([^,\"}]*)");

    @TempDir
    Path tmp;

    @Test
    void anIntegerIsAnIndexAndTimesTakeEveryForm()
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "2000", "--accounts", "5")
            .exitCode());
        final List<String> events = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl").out().lines()
            .toList();

        final Cli byIndex = query(dir, "--as-of", "500");
        assertEquals(0, byIndex.exitCode(), byIndex.err());
        final long index = Long.parseLong(field(byIndex.out(), "index"));
        assertTrue(index <= 500 && index >= 499, "the last command ending at or before index 500: " + index);
        assertEquals(String.valueOf(balanceOfAccount1(events, index)), field(byIndex.out(), "balance"));
        assertEquals(field(events.get((int)index - 1), "time"), field(byIndex.out(), "asOf"));

        final String time = field(events.get(1200), "time");
        final Cli zoned = query(dir, "--as-of", time);
        assertEquals(0, zoned.exitCode(), zoned.err());
        assertEquals(zoned.out(), query(dir, "--as-of", time.replace("Z", "")).out(), "without a zone, UTC");
        final long atTime = Long.parseLong(field(zoned.out(), "index"));
        assertEquals(String.valueOf(balanceOfAccount1(events, atTime)), field(zoned.out(), "balance"));
        assertTrue(field(events.get((int)atTime), "time").compareTo(time) > 0, "the next event is after the time");

        final Cli yesterday = query(dir, "--as-of", "-1d");
        assertEquals(1, yesterday.exitCode(), "nothing was journaled a day ago");
        assertTrue(yesterday.errLine().contains("account 1 does not exist (as of index 0)"), yesterday.err());
        final String now = query(dir, "--as-of", "-0s").out();
        assertEquals(field(query(dir).out(), "index"), field(now, "index"), "now");
        assertEquals(field(query(dir).out(), "balance"), field(now, "balance"), "now");
    }

    private static Cli query(final Path dir, final String... more)
    {
        final List<String> args = new ArrayList<>(List.of("query", "balance", "--dir", dir.toString(),
            "--account", "1", "--format", "json"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Account 1's balance folded from the dumped events up to an index, without Strand code. */
    private static long balanceOfAccount1(final List<String> events, final long upTo)
    {
        long balance = 0;
        for (final String e : events.subList(0, (int)upTo))
        {
            final long amount = e.contains("\"amount\"") ? Long.parseLong(field(e, "amount")) : 0;
            final boolean from = field(e, "accountId").equals("1");
            final boolean to = e.contains("\"toAccountId\":1,") || e.endsWith("\"toAccountId\":1}");
            switch (field(e, "type"))
            {
                case "MoneyDeposited" -> balance += from ? amount : 0;
                case "MoneyWithdrawn" -> balance -= from ? amount : 0;
                case "MoneyTransferred", "HoldCaptured" -> balance += (to ? amount : 0) - (from ? amount : 0);
                default ->
                {
                }
            }
        }
        return balance;
    }

    private static String field(final String json, final String name)
    {
        final Matcher m = FIELD.matcher(json);
        while (m.find())
        {
            if (m.group(1).equals(name))
            {
                return m.group(2);
            }
        }
        throw new AssertionError(name + " not in " + json);
    }
}
