package io.strand.support;

import io.strand.cli.StrandCli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the command line in this JVM and captures what it prints.
 */
public record Cli(int exitCode, String out, String err)
{
    public static Cli run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = StrandCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /**
     * @return the single line printed on stderr, failing if there were more or none.
     */
    public String errLine()
    {
        final String trimmed = err.strip();
        if (trimmed.isEmpty() || trimmed.lines().count() != 1)
        {
            throw new AssertionError("expected one line on stderr, got: <" + err + ">");
        }
        return trimmed;
    }
}
