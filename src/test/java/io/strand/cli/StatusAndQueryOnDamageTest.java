package io.strand.cli;

import io.strand.support.Cli;
import io.strand.support.JournalFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A journal damaged in the middle, where a snapshot covers the damage (a start skips it): status shows all it can
 * without reading the journal through, query balance answers from the snapshot and the tail after it, and verify,
 * which reads everything, names the damage. A damaged tail is shown by status with the damage line.
 */
class StatusAndQueryOnDamageTest
{
    private static final Pattern HEAD = Pattern.compile("\"headIndex\":(-?\\d+)");

    @TempDir
    static Path tmp;

    private static Path sound;
    private static long snapshotIndex;
    private static long head;

    @BeforeAll
    static void journal()
    {
        sound = tmp.resolve("sound");
        assertEquals(0, Cli.run("load", "--dir", sound.toString(), "--commands", "3000", "--accounts", "20")
            .exitCode());
        snapshotIndex = headOf(sound);
        assertEquals(0, Cli.run("load", "--dir", sound.toString(), "--commands", "500", "--accounts", "20",
            "--seed", "3", "--set", "snapshot.onShutdown=false").exitCode());
        head = headOf(sound);
        assertTrue(head > snapshotIndex);
    }

    @Test
    void damageCoveredByASnapshotLeavesStatusAndQueryAnsweringAndVerifyNamesIt() throws Exception
    {
        final Path dir = copy("middle");
        final JournalFiles.Placement victim = damage(dir, 1000);
        assertTrue(victim.lastIndex() < snapshotIndex);

        final Cli status = Cli.run("status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("head index   " + head + " "), status.out());
        assertTrue(status.out().contains("index " + snapshotIndex) && status.out().contains("balances   position"),
            status.out());
        assertTrue(status.out().contains("not verified by status"), status.out());

        for (long account = 1; account <= 20; account++)
        {
            final Cli query = query(dir, account);
            assertEquals(0, query.exitCode(), query.err());
            assertEquals(query(sound, account).out(), query.out(), "account " + account);
        }

        final Cli verify = Cli.run("verify", "--dir", dir.toString(), "--format", "json");
        assertEquals(1, verify.exitCode());
        assertTrue(verify.errLine().contains("journal damaged at index " + victim.firstIndex()), verify.err());
        assertTrue(verify.out().startsWith("{") && verify.out().contains("\"clean\":false") &&
            verify.out().contains("\"damage\":{\"index\":" + victim.firstIndex() + ","), verify.out());

        final Cli before = query(dir, 1, "--as-of", String.valueOf(victim.firstIndex() - 1));
        assertEquals(0, before.exitCode(), before.err());
        final Cli across = query(dir, 1, "--as-of", String.valueOf(victim.lastIndex() + 1));
        assertEquals(1, across.exitCode(), "no snapshot covers it: the replay from index 1 meets the damage");
        assertTrue(across.errLine().contains("journal damaged at index " + victim.firstIndex()) &&
            across.errLine().contains("the answer above is as of index " + (victim.firstIndex() - 1)), across.err());
        assertEquals(before.out(), across.out(), "the answer as far as the journal reads");
    }

    @Test
    void aDamagedTailIsShownWithEverythingElse() throws Exception
    {
        final Path dir = copy("tail");
        damage(dir, Integer.MAX_VALUE);

        final Cli status = Cli.run("status", "--dir", dir.toString());
        assertEquals(1, status.exitCode());
        assertTrue(status.errLine().contains("last excerpt does not read back"), status.err());
        assertTrue(status.out().contains("head index   unknown") && status.out().contains("index " + snapshotIndex) &&
            status.out().contains("balances   position") && status.out().contains("damage       the journal's " +
            "last excerpt"), status.out());

        final Cli json = Cli.run("status", "--dir", dir.toString(), "--format", "json");
        assertEquals(1, json.exitCode());
        assertEquals(-1, headIn(json.out()));
        assertTrue(json.out().contains("\"damage\":\"the journal's last excerpt"), json.out());
    }

    @Test
    void statusAsJson()
    {
        final Cli json = Cli.run("status", "--dir", sound.toString(), "--format", "json");
        assertEquals(0, json.exitCode(), json.err());
        assertEquals(1, json.out().lines().count());
        assertEquals(head, headIn(json.out()));
        assertTrue(json.out().contains("\"verified\":false") && json.out().contains("\"damage\":null") &&
            json.out().contains("\"snapshots\":[{\"file\":") && json.out().contains("\"name\":\"balances\""),
            json.out());
        assertEquals(2, Cli.run("status", "--dir", sound.toString(), "--format", "xml").exitCode());
    }

    /** Flips a payload byte of the record at that position in the file (clamped to the last one). */
    private static JournalFiles.Placement damage(final Path dir, final int record) throws Exception
    {
        final Path cq4 = JournalFiles.onlyFile(dir);
        final List<JournalFiles.Placement> records = JournalFiles.placements(cq4);
        final JournalFiles.Placement victim = records.get(Math.min(record, records.size() - 1));
        JournalFiles.flipByte(cq4, victim.offset() + 41);
        return victim;
    }

    private static Cli query(final Path dir, final long account, final String... more)
    {
        final List<String> args = new ArrayList<>(List.of("query", "balance", "--dir", dir.toString(),
            "--account", String.valueOf(account), "--format", "json"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static Path copy(final String name) throws Exception
    {
        final Path dir = tmp.resolve(name);
        JournalFiles.copyTree(sound, dir);
        return dir;
    }

    private static long headOf(final Path dir)
    {
        final Cli status = Cli.run("status", "--dir", dir.toString(), "--format", "json");
        assertEquals(0, status.exitCode(), status.err());
        return headIn(status.out());
    }

    private static long headIn(final String json)
    {
        final Matcher m = HEAD.matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }
}
