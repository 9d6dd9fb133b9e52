package io.strand.kafka;

import io.strand.engine.Strand;
import io.strand.journal.JournalIdentity;
import io.strand.support.ChildJvm;
import io.strand.support.KafkaBroker;
import io.strand.support.KafkaTopics;
import io.strand.support.KafkaTopics.Seen;
import io.strand.support.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code strand serve}: commands from a topic, one outcome per command record in another, offsets committed with
 * the outcomes after the engine journaled them. The engine is killed with kill -9 between journaling a batch and
 * committing it, and again at a random moment: the batches come again, what was journaled is answered
 * DUPLICATE_COMMAND with its original index, nothing is journaled twice; records that are not commands are
 * answered MALFORMED and the partition moves on.
 */
@ExtendWith(KafkaBroker.class)
class KafkaServeTest
{
    private static final Pattern OUTCOME = Pattern.compile("\\{\"clientId\":(-?\\d+|null),\"clientSeq\":(-?\\d+|null)," +
        "\"outcome\":\"(ACCEPTED|REJECTED)\"(?:,\"reason\":\"([A-Z_]+)\")?(?:,\"index\":(\\d+))?(?:,\"detail\":\"(.*)\")?}");

    @TempDir
    Path tmp;

    @Test
    void aKilledEngineAnswersItsJournaledBatchAsDuplicatesAndNeverJournalsACommandTwice() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        KafkaTopics.create(KafkaBroker.bootstrap(), "commands", 2);
        final List<String> keys = new ArrayList<>();
        final List<byte[]> commands = new ArrayList<>();
        final int malformed = workload(new Random(5), keys, commands);
        KafkaTopics.write(KafkaBroker.bootstrap(), "commands", keys, commands);

        final ChildJvm stalled = serve(dir, Map.of("STRAND_FAULT_SERVE_STALL_BEFORE_COMMIT", "3"));
        awaitStderr(stalled, "stalled before committing transaction 3");
        stalled.kill(); // batch 3 is journaled and answered, but Kafka has neither its outcomes nor its offsets
        final long journaledBeforeKill = TestEngines.replay(dir).lastIndex();

        final ChildJvm killed = serve(dir, Map.of());
        awaitStderr(killed, "kafka ingest: commands from");
        Thread.sleep(new Random(9).nextInt(1_500)); // a random moment of an engine serving
        killed.kill();

        final ChildJvm last = serve(dir, Map.of());
        awaitStderr(last, "kafka ingest: commands from"); // serving: SIGTERM now stops it cleanly
        final List<Seen> outcomes = KafkaTopics.awaitCommitted(KafkaBroker.bootstrap(), "outcomes", commands.size(),
            120);
        ProcessHandle.of(last.pid()).orElseThrow().destroy(); // SIGTERM: finish the batch, commit, exit 0
        final int exit = last.waitFor(60);
        assertEquals(0, exit, last.stderr());
        assertTrue(last.stdout().contains("command records answered"), last.stdout());

        final Map<String, Long> journaled = new HashMap<>();
        for (final TestEngines.JournalRecord record : TestEngines.records(dir))
        {
            assertNull(journaled.put(record.clientId() + "/" + record.clientSeq(), record.lastIndex()),
                () -> "journaled twice: " + record);
        }
        final Map<String, Integer> perSource = new HashMap<>();
        int duplicates = 0;
        int malformedSeen = 0;
        final Map<String, Long> answeredIndex = new HashMap<>();
        for (final Seen outcome : outcomes)
        {
            perSource.merge(outcome.header("strand.source"), 1, Integer::sum);
            final Matcher m = OUTCOME.matcher(outcome.value());
            assertTrue(m.matches(), outcome.value());
            final String command = m.group(1) + "/" + m.group(2);
            if ("MALFORMED".equals(m.group(4)))
            {
                malformedSeen++;
                assertFalse(m.group(6).isEmpty(), "a malformed outcome says why");
                continue;
            }
            assertEquals(m.group(1), outcome.key(), "keyed by client");
            if (m.group(3).equals("ACCEPTED") || "DUPLICATE_COMMAND".equals(m.group(4)))
            {
                assertEquals(journaled.get(command), Long.valueOf(m.group(5)), () -> "index of " + outcome.value());
                assertNull(answeredIndex.put(command, Long.valueOf(m.group(5))), () -> "answered twice: " + command);
                duplicates += m.group(3).equals("ACCEPTED") ? 0 : 1;
            }
        }
        assertEquals(commands.size(), outcomes.size(), "one outcome per command record");
        assertEquals(commands.size(), perSource.size(), "each command record answered once");
        assertEquals(malformed, malformedSeen);
        assertEquals(journaled.keySet(), answeredIndex.keySet(), "every journaled command answered with its index");
        assertTrue(duplicates > 0 && journaledBeforeKill > 0, "the stalled batch came again: " + duplicates +
            " duplicates");
    }

    @Test
    void recordsThatAreNotCommandsAreAnsweredMalformedAndThePartitionMovesOn() throws Exception
    {
        final String[] values = {
            "{\"type\":\"OpenAccount\",\"clientId\":1,\"clientSeq\":1,\"accountId\":1}",
            "not json",
            "{\"type\":\"Deposit\"}",
            "{\"type\":\"Teleport\",\"clientId\":1,\"clientSeq\":2}",
            "{\"type\":\"Deposit\",\"clientId\":1,\"clientSeq\":3,\"accountId\":1,\"amount\":1.5}",
            "{\"type\":\"Deposit\",\"clientId\":1,\"clientSeq\":4,\"accountId\":1,\"ammount\":5}",
            "{\"type\":\"Deposit\",\"clientId\":1,\"clientSeq\":5,\"accountId\":1,\"amount\":5,\"amount\":6}",
            "{\"type\":\"Deposit\",\"clientId\":1,\"clientSeq\":6,\"accountId\":1,\"amount\":100} trailing",
            null,
            "\u00ff\u00fe",
            "{\"type\":\"Deposit\",\"clientId\":1,\"clientSeq\":7,\"accountId\":1,\"amount\":100}",
            "{\"type\":\"Withdraw\",\"clientId\":1,\"clientSeq\":8,\"accountId\":1,\"amount\":1000}",
        };
        final List<byte[]> bytes = new ArrayList<>();
        for (final String v : values)
        {
            bytes.add(v == null ? null : v.equals("\u00ff\u00fe") ? new byte[]{ (byte)0xff, (byte)0xfe } :
                v.getBytes(StandardCharsets.UTF_8));
        }
        KafkaTopics.create(KafkaBroker.bootstrap(), "bad-commands", 1);
        KafkaTopics.write(KafkaBroker.bootstrap(), "bad-commands", new ArrayList<>(java.util.Collections.nCopies(
            values.length, null)), bytes);
        final Path dir = tmp.resolve("journal");
        try (Strand strand = Strand.launch(TestEngines.context(dir, TestEngines.errors()));
            KafkaIngest ingest = KafkaIngest.launch(new KafkaIngest.Context().strand(strand)
                .journalId(JournalIdentity.read(dir)).bootstrap(KafkaBroker.bootstrap())
                .commandsTopic("bad-commands").outcomesTopic("bad-outcomes")))
        {
            final List<Seen> outcomes = KafkaTopics.awaitCommitted(KafkaBroker.bootstrap(), "bad-outcomes",
                values.length, 60);
            final List<String> got = outcomes.stream().map(Seen::value).toList();
            assertEquals(List.of(
                "{\"clientId\":1,\"clientSeq\":1,\"outcome\":\"ACCEPTED\",\"index\":1}",
                "{\"clientId\":null,\"clientSeq\":null,\"outcome\":\"REJECTED\",\"reason\":\"MALFORMED\",\"detail\":" +
                    "\"not a JSON object: 'n' at character 0 where '{' was expected\"}",
                "{\"clientId\":null,\"clientSeq\":null,\"outcome\":\"REJECTED\",\"reason\":\"MALFORMED\",\"detail\":" +
                    "\"Deposit needs integer 'clientId' and 'clientSeq'\"}",
                "{\"clientId\":1,\"clientSeq\":2,\"outcome\":\"REJECTED\",\"reason\":\"MALFORMED\",\"detail\":" +
                    "\"unknown command type 'Teleport'; one of " + typeNames() + "\"}",
                "{\"clientId\":null,\"clientSeq\":null,\"outcome\":\"REJECTED\",\"reason\":\"MALFORMED\"," +
                    "\"detail\":\"field 'amount' must be an integer\"}",
                "{\"clientId\":1,\"clientSeq\":4,\"outcome\":\"REJECTED\",\"reason\":\"MALFORMED\",\"detail\":" +
                    "\"Deposit needs an integer 'amount'\"}",
                "{\"clientId\":null,\"clientSeq\":null,\"outcome\":\"REJECTED\",\"reason\":\"MALFORMED\",\"detail\":" +
                    "\"field 'amount' appears twice\"}",
                "{\"clientId\":null,\"clientSeq\":null,\"outcome\":\"REJECTED\",\"reason\":\"MALFORMED\",\"detail\":" +
                    "\"text after the JSON object at character 73\"}",
                "{\"clientId\":null,\"clientSeq\":null,\"outcome\":\"REJECTED\",\"reason\":\"MALFORMED\",\"detail\":" +
                    "\"no value\"}",
                "{\"clientId\":null,\"clientSeq\":null,\"outcome\":\"REJECTED\",\"reason\":\"MALFORMED\",\"detail\":" +
                    "\"not UTF-8 text\"}",
                "{\"clientId\":1,\"clientSeq\":7,\"outcome\":\"ACCEPTED\",\"index\":2}",
                "{\"clientId\":1,\"clientSeq\":8,\"outcome\":\"REJECTED\",\"reason\":\"INSUFFICIENT_FUNDS\"}"), got);
            assertEquals("bad-commands-0@3", outcomes.get(3).header("strand.source"));
            ingest.close();
            assertEquals(KafkaIngest.State.DONE, ingest.state());
            assertEquals(values.length, ingest.answered());
            assertEquals(9, ingest.malformed());
        }
        assertEquals(2, TestEngines.replay(dir).lastIndex(), "only the two commands were journaled");
    }

    private static String typeNames()
    {
        final List<String> names = new ArrayList<>();
        for (final io.strand.domain.account.AccountCommandType type : io.strand.domain.account.AccountCommandType
            .values())
        {
            names.add(AccountCommandAdapter.jsonName(type));
        }
        return new java.util.HashSet<>(names).toString();
    }

    /**
     * Three clients, each opening an account, then deposits, transfers to the others and withdrawals (some
     * refused), keyed by client; a few records that are not commands among them.
     *
     * @return how many are not commands.
     */
    private static int workload(final Random random, final List<String> keys, final List<byte[]> values)
    {
        final long[] seq = new long[4];
        int malformed = 0;
        for (int client = 1; client <= 3; client++)
        {
            add(keys, values, client, String.format("{\"type\":\"OpenAccount\",\"clientId\":%d,\"clientSeq\":%d," +
                "\"accountId\":%d}", client, ++seq[client], client));
        }
        for (int i = 0; i < 3_000; i++)
        {
            final int client = 1 + random.nextInt(3);
            final int other = 1 + (client + random.nextInt(2)) % 3;
            final String json = switch (random.nextInt(10))
            {
                case 0, 1, 2, 3 -> String.format("{\"type\":\"Deposit\",\"clientId\":%d,\"clientSeq\":%d," +
                    "\"accountId\":%d,\"amount\":%d}", client, ++seq[client], client, 1 + random.nextInt(100));
                case 4, 5, 6 -> String.format("{\"type\":\"Transfer\",\"clientId\":%d,\"clientSeq\":%d," +
                    "\"accountId\":%d,\"toAccountId\":%d,\"amount\":%d}", client, ++seq[client], client, other,
                    1 + random.nextInt(50));
                case 7, 8 -> String.format("{\"type\":\"Withdraw\",\"clientId\":%d,\"clientSeq\":%d," +
                    "\"accountId\":%d,\"amount\":%d}", client, ++seq[client], client, 1 + random.nextInt(150));
                default -> null;
            };
            if (json == null)
            {
                add(keys, values, client, "{\"type\":\"Deposit\",\"clientId\":" + client + ",\"amount\":\"ten\"}");
                malformed++;
            }
            else
            {
                add(keys, values, client, json);
            }
        }
        return malformed;
    }

    private static void add(final List<String> keys, final List<byte[]> values, final int client, final String json)
    {
        keys.add(Integer.toString(client));
        values.add(json.getBytes(StandardCharsets.UTF_8));
    }

    private ChildJvm serve(final Path dir, final Map<String, String> env) throws Exception
    {
        final Map<String, String> all = new HashMap<>(env);
        all.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        return ChildJvm.start(tmp, all, List.of(), "serve", "--dir", dir.toString(), "--bootstrap",
            KafkaBroker.bootstrap(), "--commands-topic", "commands", "--outcomes-topic", "outcomes", "--set",
            "projections.run=");
    }

    private static void awaitStderr(final ChildJvm child, final String text) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String stderr;
        while (!(stderr = child.stderr()).contains(text))
        {
            assertTrue(child.isAlive(), "serve exited: " + stderr);
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within 90 s: " + stderr);
            Thread.sleep(20);
        }
    }
}
