package io.strand.journal;

/**
 * Words for what Chronicle throws. Its exceptions name internals (a class it could not find, a wire code, a
 * buffer underflow): an operator needs the file and what to do, so the class stays out and the message is kept
 * short; the whole exception travels as the cause, printed with {@code STRAND_DEBUG=1}.
 */
final class Chronicle
{
    private static final int MAX_DETAIL = 120;

    private Chronicle()
    {
    }

    /**
     * @return a short description of a Chronicle failure, without exception class names.
     */
    static String describe(final Throwable ex)
    {
        if (ex instanceof InternalError)
        {
            return "a read past the end of a mapped file: a file shorter than its content says";
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root)
        {
            root = root.getCause();
        }
        final String message = root.getMessage() == null ? "" : root.getMessage()
            .replaceAll("([a-z]+\\.)+[A-Z][A-Za-z]*(Exception|Error):? ?", "")
            .replace('\n', ' ').strip();
        if (message.isEmpty())
        {
            return "it does not read as a Chronicle queue";
        }
        return "it does not read as a Chronicle queue: " +
            (message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) + "..." : message);
    }
}
