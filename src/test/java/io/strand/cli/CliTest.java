package io.strand.cli;

import io.strand.support.ChildJvm;
import io.strand.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The command-line contract: each subcommand's happy path and its bad-input path, and load, dump and query
 * agreeing with each other.
 */
class CliTest
{
    private static final Pattern JSON_FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|-?\\d+)");

    @TempDir
    Path tmp;

    @Test
    void loadDumpAndQueryAgree() throws Exception
    {
        final Path dir = tmp.resolve("j");
        final Path acks = tmp.resolve("acks.log");
        final Cli load = Cli.run("load", "--dir", dir.toString(), "--commands", "6000", "--accounts", "40",
            "--producers", "2", "--seed", "9", "--ack-log", acks.toString());
        assertEquals(0, load.exitCode(), load.err());
        assertTrue(load.out().contains("6,000 commands"), load.out());

        final Cli dump = Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl");
        assertEquals(0, dump.exitCode(), dump.err());
        final List<Map<String, String>> events = new ArrayList<>();
        dump.out().lines().forEach(line -> events.add(parse(line)));

        // Ack log: one line per command; every ACCEPTED index is the last index of that command's events.
        final List<String> ackLines = Files.readAllLines(acks);
        assertEquals(6000, ackLines.size());
        final Map<String, Long> lastIndexByCommand = new HashMap<>();
        long expectedIndex = 1;
        for (final Map<String, String> event : events)
        {
            assertEquals(expectedIndex++, Long.parseLong(event.get("index")), "dump indexes are contiguous");
            lastIndexByCommand.merge(event.get("clientId") + " " + event.get("clientSeq"),
                Long.parseLong(event.get("index")), Math::max);
        }
        final Set<String> acceptedFromAcks = new HashSet<>();
        for (final String line : ackLines)
        {
            final String[] parts = line.split(" ");
            if (parts[2].equals("ACCEPTED"))
            {
                acceptedFromAcks.add(parts[0] + " " + parts[1]);
                assertEquals(Long.parseLong(parts[3]), lastIndexByCommand.get(parts[0] + " " + parts[1]), line);
            }
            else
            {
                assertEquals("REJECTED", parts[2], line);
            }
        }
        assertEquals(lastIndexByCommand.keySet(), acceptedFromAcks, "the journal holds exactly the accepted commands");

        // An independent fold of the dumped events gives the balances query reports.
        final Map<Long, long[]> folded = fold(events);
        assertEquals(40, folded.size());
        for (final Map.Entry<Long, long[]> account : folded.entrySet())
        {
            final Cli query = Cli.run("query", "balance", "--dir", dir.toString(), "--account",
                account.getKey().toString(), "--format", "json");
            assertEquals(0, query.exitCode(), query.err());
            final Map<String, String> json = parse(query.out().strip());
            assertEquals(account.getValue()[0], Long.parseLong(json.get("balance")), "balance of " + account.getKey());
            assertEquals(account.getValue()[1], Long.parseLong(json.get("held")), "held of " + account.getKey());
            assertEquals(events.size(), Long.parseLong(json.get("index")));
        }

        final Cli yaml = Cli.run("dump", "--dir", dir.toString());
        assertEquals(0, yaml.exitCode(), yaml.err());
        final List<Object> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(yaml.out()).forEach(documents::add);
        assertEquals(events.size(), documents.size(), "yaml and jsonl dumps hold the same events");
        assertEquals(events.get(0).get("index"), String.valueOf(((Map<?, ?>)documents.get(0)).get("index")));
    }

    @Test
    void dumpFilters()
    {
        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "2000", "--accounts", "20").exitCode());
        final List<Map<String, String>> typed = jsonl(Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl",
            "--type", "MoneyDeposited"));
        assertFalse(typed.isEmpty());
        typed.forEach(e -> assertEquals("\"MoneyDeposited\"", e.get("type")));

        final List<Map<String, String>> account = jsonl(Cli.run("dump", "--dir", dir.toString(), "--format",
            "jsonl", "--account", "7"));
        assertFalse(account.isEmpty());
        account.forEach(e -> assertTrue("7".equals(e.get("accountId")) || "7".equals(e.get("toAccountId")),
            e.toString()));

        final List<Map<String, String>> range = jsonl(Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl",
            "--from", "10", "--to", "19"));
        assertEquals(10, range.size());
        assertEquals("10", range.get(0).get("index"));
        assertEquals("19", range.get(9).get("index"));
    }

    @Test
    void statusAndDemo()
    {
        final Path dir = tmp.resolve("j");
        final Cli demo = Cli.run("demo", "--dir", dir.toString(), "--commands", "20000", "--accounts", "100");
        assertEquals(0, demo.exitCode(), demo.err());
        assertTrue(demo.out().contains("state check    OK"), demo.out());
        assertTrue(demo.out().contains("commands/s"), demo.out());
        final String figure = "(p[\\d.]+|max) [\\d.]+ (us|ms|s)";
        final List<String> latencies = demo.out().lines().filter(l -> l.startsWith("  latency ")).toList();
        assertEquals(2, latencies.size(), demo.out());
        latencies.forEach(l -> assertTrue(l.matches("  latency +" + figure + "( +" + figure + ")*"), l));

        final Cli status = Cli.run("status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("writer       none"), status.out());
        final String head = status.out().lines().filter(l -> l.startsWith("head index")).findFirst().orElseThrow();
        final long headIndex = Long.parseLong(head.replaceAll("\\D", ""));
        assertTrue(headIndex > 0);
        assertEquals(headIndex, jsonl(Cli.run("dump", "--dir", dir.toString(), "--format", "jsonl")).size());
    }

    @Test
    void everySubcommandHasHelp()
    {
        for (final String[] args : List.of(new String[]{"--help"}, new String[]{"demo", "--help"},
            new String[]{"load", "--help"}, new String[]{"dump", "--help"}, new String[]{"query", "balance", "--help"},
            new String[]{"status", "--help"}))
        {
            final Cli help = Cli.run(args);
            assertEquals(0, help.exitCode(), String.join(" ", args));
            assertTrue(help.out().startsWith("Usage: strand"), help.out());
        }
    }

    @Test
    void badArgumentsGiveOneLineAndExitTwo()
    {
        final String dir = tmp.resolve("never").toString();
        assertBadUsage("Missing required option: '--commands=N'", "load", "--dir", dir);
        assertBadUsage("--commands: must be at least 1, got 0", "load", "--dir", dir, "--commands", "0");
        assertBadUsage("--accounts: must be at least 2, got 1", "load", "--dir", dir, "--commands", "5",
            "--accounts", "1");
        assertBadUsage("Unknown option: '--frobnicate'", "dump", "--dir", dir, "--frobnicate");
        assertBadUsage("Invalid value for option '--commands'", "load", "--dir", dir, "--commands", "lots");
        assertBadUsage("--format: expected yaml or jsonl, got 'xml'", "dump", "--dir", dir, "--format", "xml");
        assertBadUsage("--from: 'yesterday' is neither", "dump", "--dir", dir, "--from", "yesterday");
        assertBadUsage("--type: unknown event type 'Nope'", "dump", "--dir", dir, "--type", "Nope");
        assertBadUsage("--as-of: 'last tuesday' is neither", "query", "balance", "--dir", dir,
            "--account", "1", "--as-of", "last tuesday");
        assertBadUsage("--set: unknown key 'ingress.ringBuferBytes'", "status", "--dir", dir,
            "--set", "ingress.ringBuferBytes=1024");
        assertBadUsage("--set: ingress.ringBufferBytes: must be a power of two of at least 1024, got 1000",
            "load", "--dir", dir, "--commands", "5", "--set", "ingress.ringBufferBytes=1000");
        assertBadUsage("a command is required", new String[0]);
        assertFalse(Files.exists(Path.of(dir)), "bad arguments wrote nothing");
    }

    @Test
    void badConfigFilesNameTheKeyAndWriteNothing() throws Exception
    {
        final String dir = tmp.resolve("never").toString();
        final Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "ingress:\n  ringBufferBytes: 1000\n");
        assertBadUsage(config + ": ingress.ringBufferBytes: must be a power of two", "load", "--config",
            config.toString(), "--dir", dir, "--commands", "5");
        Files.writeString(config, "ingress:\n  ringBufferSize: 1024\n");
        assertBadUsage(config + ": unknown key 'ingress.ringBufferSize'", "load", "--config", config.toString(),
            "--dir", dir, "--commands", "5");
        Files.writeString(config, "processor:\n  batchLimit: many\n");
        assertBadUsage(config + ": processor.batchLimit: must be an integer, got 'many'", "load", "--config",
            config.toString(), "--dir", dir, "--commands", "5");
        Files.writeString(config, "processor: [1, 2\n");
        assertBadUsage(config + ": not valid YAML", "status", "--config", config.toString(), "--dir", dir);
        assertBadUsage("missing.yaml: no such config file", "status", "--config", "missing.yaml", "--dir", dir);
        assertFalse(Files.exists(Path.of(dir)), "bad configuration wrote nothing");
    }

    @Test
    void failuresExitOneWithOneLine()
    {
        final Path missing = tmp.resolve("missing");
        final Cli dump = Cli.run("dump", "--dir", missing.toString());
        assertEquals(1, dump.exitCode());
        assertTrue(dump.errLine().contains("no journal in " + missing), dump.err());

        final Path dir = tmp.resolve("j");
        assertEquals(0, Cli.run("load", "--dir", dir.toString(), "--commands", "50", "--accounts", "5").exitCode());
        final Cli query = Cli.run("query", "balance", "--dir", dir.toString(), "--account", "999");
        assertEquals(1, query.exitCode());
        assertTrue(query.errLine().contains("account 999 does not exist"), query.err());
    }

    @Test
    void aChildProcessSeesTheSameContract() throws Exception
    {
        final ChildJvm bad = ChildJvm.run(tmp, "load", "--dir", tmp.resolve("j").toString(), "--commands", "5",
            "--set", "processor.idleStrategy=spinny");
        assertEquals(2, bad.exitCode());
        final String err = bad.stderr().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("processor.idleStrategy: must be one of busy-spin, yielding, backoff, sleeping"), err);
        assertFalse(Files.exists(tmp.resolve("j")));

        final ChildJvm good = ChildJvm.run(tmp, "load", "--dir", tmp.resolve("j").toString(), "--commands", "100",
            "--accounts", "10");
        assertEquals(0, good.exitCode(), good.stderr());
        assertFalse(good.stderr().contains("Exception"), good.stderr());
        assertFalse(good.stderr().toLowerCase().contains("analytics"), good.stderr());
    }

    private static void assertBadUsage(final String expected, final String... args)
    {
        final Cli cli = Cli.run(args);
        assertEquals(2, cli.exitCode(), () -> String.join(" ", args) + " -> " + cli.err());
        assertTrue(cli.errLine().contains(expected), () -> "expected <" + expected + "> in <" + cli.err() + ">");
        assertFalse(cli.err().contains("\tat "), "no stack trace");
    }

    private static List<Map<String, String>> jsonl(final Cli dump)
    {
        assertEquals(0, dump.exitCode(), dump.err());
        final List<Map<String, String>> events = new ArrayList<>();
        dump.out().lines().forEach(line -> events.add(parse(line)));
        return events;
    }

    private static Map<String, String> parse(final String jsonLine)
    {
        assertTrue(jsonLine.startsWith("{") && jsonLine.endsWith("}"), jsonLine);
        final Map<String, String> fields = new HashMap<>();
        final Matcher m = JSON_FIELD.matcher(jsonLine);
        while (m.find())
        {
            fields.put(m.group(1), m.group(2));
        }
        return fields;
    }

    /** Balance and held per account, folded from dumped events without any Strand code. */
    private static Map<Long, long[]> fold(final List<Map<String, String>> events)
    {
        final Map<Long, long[]> accounts = new HashMap<>();
        for (final Map<String, String> e : events)
        {
            final long account = Long.parseLong(e.get("accountId"));
            final long amount = e.containsKey("amount") ? Long.parseLong(e.get("amount")) : 0;
            switch (e.get("type"))
            {
                case "\"AccountOpened\"" -> accounts.put(account, new long[2]);
                case "\"MoneyDeposited\"" -> accounts.get(account)[0] += amount;
                case "\"MoneyWithdrawn\"" -> accounts.get(account)[0] -= amount;
                case "\"MoneyTransferred\"" ->
                {
                    accounts.get(account)[0] -= amount;
                    accounts.get(Long.parseLong(e.get("toAccountId")))[0] += amount;
                }
                case "\"HoldPlaced\"" -> accounts.get(account)[1] += amount;
                case "\"HoldReleased\"" -> accounts.get(account)[1] -= amount;
                case "\"HoldCaptured\"" ->
                {
                    accounts.get(account)[0] -= amount;
                    accounts.get(account)[1] -= amount;
                    accounts.get(Long.parseLong(e.get("toAccountId")))[0] += amount;
                }
                default -> fail("unknown event " + e);
            }
        }
        return accounts;
    }
}
