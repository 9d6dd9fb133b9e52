package io.strand.cli;

import io.strand.journal.Journal;
import io.strand.journal.JournalException;
import io.strand.journal.JournalModel;
import io.strand.spi.DomainModelProvider;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --model}: the domain model a tool reads the journal through. By default the one the journal records
 * ({@code journal.model}); a journal written before the record existed is read through the first registered
 * model, and the tool says so.
 */
final class ModelOption
{
    @Option(names = "--model", paramLabel = "NAME|CLASS", description = "Domain model to read the journal " +
        "through: a registered model's name (e.g. account) or a model class on the class path (default: the " +
        "model the journal records in journal.model).")
    String model;

    /**
     * @param command the command's name, for the note printed when the journal records no model.
     */
    DomainModelProvider resolve(final Path dir, final PrintWriter err, final String command)
    {
        final boolean exists = Journal.exists(dir);
        final String recorded = exists ? JournalModel.read(dir) : null;
        if (recorded != null)
        {
            final DomainModelProvider found = DomainModels.find(recorded);
            if (found != null)
            {
                if (model == null)
                {
                    return found;
                }
                final DomainModelProvider named = named(); // the same model, perhaps with its projections
                if (!sameModel(found, named))
                {
                    throw new UsageException("--model " + model + ": the journal in " + dir + " records model " +
                        recorded + " (" + JournalModel.FILE_NAME + "); read through another model its events would " +
                        "be misread");
                }
                return named;
            }
            if (model == null)
            {
                throw new JournalException(dir.resolve(JournalModel.FILE_NAME) + " names model " + recorded +
                    ", which is not on the class path (registered: " + DomainModels.names() + "); add its jar to " +
                    "the class path, or name the model with --model");
            }
        }
        if (model != null)
        {
            return named();
        }
        final List<DomainModelProvider> registered = DomainModels.registered();
        if (registered.isEmpty())
        {
            throw new JournalException("no domain model is registered on the class path and " + dir + " records " +
                "none; name one with --model CLASS");
        }
        final DomainModelProvider first = registered.get(0);
        if (!exists)
        {
            return first; // the command refuses a missing journal on its own; its arguments are checked first
        }
        err.println(command + ": " + dir + " records no model (written before " + JournalModel.FILE_NAME +
            " existed): read as '" + first.name() + "', " + (registered.size() == 1 ? "the only registered model" :
            "the first of those registered (" + DomainModels.names() + ")") + "; --model chooses another");
        return first;
    }

    private DomainModelProvider named()
    {
        final DomainModelProvider found = DomainModels.find(model);
        if (found == null)
        {
            throw new UsageException("--model: '" + model + "' is neither a registered model (" +
                DomainModels.names() + ") nor a model class on the class path");
        }
        return found;
    }

    private static boolean sameModel(final DomainModelProvider a, final DomainModelProvider b)
    {
        return a.newModel().getClass() == b.newModel().getClass();
    }
}
