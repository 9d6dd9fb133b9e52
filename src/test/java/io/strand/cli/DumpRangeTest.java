package io.strand.cli;

import io.strand.support.Cli;
import io.strand.support.JournalFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * dump's ranges: by index and by time (found by binary search, so a range is read alone), the last N, a limit,
 * newest first, several types; and one clear usage error for a range that cannot hold anything.
 */
class DumpRangeTest
{
    private static final Pattern INDEX = Pattern.compile("\"index\":(\\d+)");
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");
    private static final Pattern TYPE = Pattern.compile("\"type\":\"(\\w+)\"");

    @TempDir
    static Path tmp;

    private static Path dir;
    private static List<String> all;

    @BeforeAll
    static void journal()
    {
        dir = tmp.resolve("j");
        final Cli load = Cli.run("load", "--dir", dir.toString(), "--commands", "6000", "--accounts", "30",
            "--producers", "2");
        assertEquals(0, load.exitCode(), load.err());
        all = dump().out().lines().toList();
        assertTrue(all.size() > 4096, "more events than one newest-first window: " + all.size());
    }

    @Test
    void lastLimitAndReverse()
    {
        assertEquals(all.subList(all.size() - 5, all.size()), lines("--last", "5"));
        assertEquals(reversed(all.subList(all.size() - 3, all.size())), lines("--reverse", "--limit", "3"));
        assertEquals(all.subList(0, 7), lines("--limit", "7"));
        assertEquals(reversed(all.subList(9, 19)), lines("--from", "10", "--to", "19", "--reverse"));
        assertEquals(all.subList(95, 100), lines("--to", "100", "--last", "5"));
        assertEquals(reversed(all), lines("--reverse"), "newest first across several windows");
    }

    @Test
    void severalTypesRepeatedOrCommaSeparated()
    {
        final List<String> expected = all.stream().filter(l -> l.contains("\"type\":\"MoneyDeposited\"") ||
            l.contains("\"type\":\"HoldPlaced\"")).toList();
        assertFalse(expected.isEmpty());
        assertEquals(expected, lines("--type", "MoneyDeposited,HoldPlaced"));
        assertEquals(expected, lines("--type", "MoneyDeposited", "--type", "HoldPlaced"));
    }

    @Test
    void aTimeRangeHoldsExactlyTheEventsStampedInIt()
    {
        final String from = field(TIME, all.get(1000));
        final String to = field(TIME, all.get(2000));
        final List<String> expected = all.stream()
            .filter(l -> field(TIME, l).compareTo(from) >= 0 && field(TIME, l).compareTo(to) <= 0).toList();
        assertEquals(expected, lines("--from", from, "--to", to));
        assertEquals(expected, lines("--from", from.replace("Z", ""), "--to", to.replace("Z", "")),
            "without a zone, UTC");
        assertEquals(List.of(), lines("--from", "-1s", "--to", "-1s"), "nothing was journaled a second ago");
    }

    @Test
    void aRangeIsReadAloneDamageOutsideItIsNotMet() throws Exception
    {
        final Path copy = tmp.resolve("damaged");
        JournalFiles.copyTree(dir, copy);
        final Path cq4 = JournalFiles.onlyFile(copy);
        final List<JournalFiles.Placement> records = JournalFiles.placements(cq4);
        final JournalFiles.Placement victim = records.get(records.size() / 2);
        JournalFiles.flipByte(cq4, victim.offset() + 41);

        final Cli head = Cli.run("dump", "--dir", copy.toString(), "--format", "jsonl", "--from", "1", "--to", "2");
        assertEquals(0, head.exitCode(), head.err());
        assertEquals(all.subList(0, 2), head.out().lines().toList());
        final Cli tail = Cli.run("dump", "--dir", copy.toString(), "--format", "jsonl", "--last", "3");
        assertEquals(0, tail.exitCode(), tail.err());
        assertEquals(all.subList(all.size() - 3, all.size()), tail.out().lines().toList());

        final String lastTime = field(TIME, all.get(all.size() - 1));
        final Cli byTime = Cli.run("dump", "--dir", copy.toString(), "--format", "jsonl", "--from", lastTime);
        assertEquals(0, byTime.exitCode(), byTime.err());
        assertEquals(all.stream().filter(l -> field(TIME, l).equals(lastTime)).toList(), byTime.out().lines().toList());

        final Cli whole = Cli.run("dump", "--dir", copy.toString(), "--format", "jsonl");
        assertEquals(1, whole.exitCode());
        assertTrue(whole.errLine().contains("journal damaged at index " + victim.firstIndex()), whole.err());
        final Cli across = Cli.run("dump", "--dir", copy.toString(), "--format", "jsonl", "--from",
            String.valueOf(victim.firstIndex() - 2), "--to", String.valueOf(victim.lastIndex() + 2));
        assertEquals(1, across.exitCode(), "a range holding the damage meets it");
        assertTrue(across.errLine().contains("journal damaged at index " + victim.firstIndex()), across.err());
    }

    @Test
    void anEmptyOrInvertedRangeIsAUsageError()
    {
        assertUsage("--from 200 is after --to 100: the range is empty", "--from", "200", "--to", "100");
        assertUsage("--from: -5 is not a journal position", "--from", "-5");
        assertUsage("--to: 0 is before the first index", "--to", "0");
        assertUsage("--from 2026-11-25 is after --to 2026-11-24", "--from", "2026-11-25", "--to", "2026-11-24");
        assertUsage("--last: must be at least 1, got 0", "--last", "0");
        assertUsage("--limit: must be at least 1, got -1", "--limit", "-1");
        assertUsage("give --last or --from, not both", "--last", "3", "--from", "5");
        assertUsage("--reverse and --follow", "--reverse", "--follow");
        assertUsage("--type: unknown event type 'Nope'", "--type", "MoneyDeposited,Nope");
    }

    private static void assertUsage(final String expected, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("dump", "--dir", dir.toString()));
        command.addAll(List.of(args));
        final Cli cli = Cli.run(command.toArray(String[]::new));
        assertEquals(2, cli.exitCode(), cli.err());
        assertTrue(cli.errLine().contains(expected), () -> "expected <" + expected + "> in " + cli.err());
        assertEquals("", cli.out());
    }

    private static List<String> lines(final String... args)
    {
        final Cli cli = dump(args);
        assertEquals(0, cli.exitCode(), cli.err());
        cli.out().lines().forEach(l -> assertTrue(INDEX.matcher(l).find() && TYPE.matcher(l).find(), l));
        return cli.out().lines().toList();
    }

    private static Cli dump(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("dump", "--dir", dir.toString(), "--format", "jsonl"));
        command.addAll(List.of(args));
        return Cli.run(command.toArray(String[]::new));
    }

    private static List<String> reversed(final List<String> lines)
    {
        final List<String> copy = new ArrayList<>(lines);
        Collections.reverse(copy);
        return copy;
    }

    private static String field(final Pattern pattern, final String line)
    {
        final Matcher m = pattern.matcher(line);
        assertTrue(m.find(), line);
        return m.group(1);
    }
}
