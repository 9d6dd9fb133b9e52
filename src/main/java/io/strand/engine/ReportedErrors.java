package io.strand.engine;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Passes every error of the engine's agents to the user's handler, which may not throw into an agent (a failure
 * of the handler is logged), and keeps a count, so a shutdown can say what
 * failed while it ran (a shutdown snapshot or checkpoint on a full disk) instead of ending as if all went well.
 * Each distinct error is also recorded in the journal directory's error log ({@code strand errors} reads it).
 */
final class ReportedErrors implements ErrorHandler
{
    private static final int KEPT = 16;

    private final ErrorHandler delegate;
    private final DistinctErrorLog log;
    private final List<String> recent = new ArrayList<>();
    private long count;

    /**
     * @param log where each distinct error is recorded too.
     */
    ReportedErrors(final ErrorHandler delegate, final DistinctErrorLog log)
    {
        this.delegate = delegate;
        this.log = log;
    }

    public void onError(final Throwable error)
    {
        synchronized (this)
        {
            count++;
            if (recent.size() == KEPT)
            {
                recent.remove(0);
            }
            recent.add(oneLine(error));
        }
        log.record(error); // false when the log is full: the error is still counted and handled
        try
        {
            delegate.onError(error);
        }
        catch (final RuntimeException ex) // the handler is the user's: its failure must not cost an agent its work
        {
            LoggerFactory.getLogger(ReportedErrors.class).error("error handler failed on: {}", oneLine(error), ex);
        }
    }

    synchronized long count()
    {
        return count;
    }

    /**
     * @return the messages of the errors reported after the {@code since}-th, at most the last few.
     */
    synchronized List<String> since(final long since)
    {
        final int n = (int)Math.min(recent.size(), count - since);
        return List.copyOf(recent.subList(recent.size() - n, recent.size()));
    }

    /**
     * @return the error and its causes' messages on one line, without stack frames.
     */
    static String oneLine(final Throwable error)
    {
        final StringBuilder line = new StringBuilder();
        for (Throwable t = error; t != null && line.length() < 400; t = t.getCause() == t ? null : t.getCause())
        {
            final String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (line.indexOf(message) < 0)
            {
                line.append(line.length() == 0 ? "" : ": ").append(message.replace('\n', ' '));
            }
        }
        return line.toString();
    }
}
