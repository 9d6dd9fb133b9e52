package io.strand.cli;

import io.strand.config.Setting;
import io.strand.config.StrandConfig;
import io.strand.domain.account.AccountModel;
import io.strand.engine.Strand;
import io.strand.journal.JournalIdentity;
import io.strand.kafka.KafkaFailure;
import io.strand.kafka.KafkaIngest;
import io.strand.kafka.KafkaSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code strand serve}: the engine, taking its commands from a Kafka topic and publishing their outcomes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Run the engine on --dir with commands from a Kafka topic and one outcome per command record published to " +
            "another, until SIGTERM or Ctrl-C (then exit 0).",
        "A command is a JSON object with the account domain's names, e.g. {\"type\":\"Deposit\",\"clientId\":7," +
            "\"clientSeq\":1,\"accountId\":3,\"amount\":100}; types OpenAccount, Deposit, Withdraw, Transfer, " +
            "PlaceHold, ReleaseHold, CaptureHold. An outcome: {\"clientId\":7,\"clientSeq\":1,\"outcome\":" +
            "\"ACCEPTED\",\"index\":42} or \"REJECTED\" with \"reason\" (MALFORMED for a record that is not a " +
            "command, with \"detail\").",
        "Consumed offsets commit in the Kafka transaction of the outcomes, after the engine journaled the batch: " +
            "after a crash the batch comes again and what was journaled is answered DUPLICATE_COMMAND with its " +
            "index, never journaled twice. Each clientId is a Strand client of its own."
    })
final class ServeCommand implements Callable<Integer>
{
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
        description = "Kafka's bootstrap servers (default: exporters.kafka.bootstrap).")
    String bootstrap;

    @Option(names = "--commands-topic", paramLabel = "TOPIC", required = true,
        description = "Where commands come from (every partition; created with one if missing).")
    String commandsTopic;

    @Option(names = "--outcomes-topic", paramLabel = "TOPIC", required = true,
        description = "Where outcomes go (created with one partition if missing).")
    String outcomesTopic;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000",
        description = "How long Kafka may stay unreachable before serve gives up with exit 1 (default: " +
            "${DEFAULT-VALUE}).")
    long timeoutMs;

    public Integer call()
    {
        final StrandConfig config = common.load();
        KafkaOptions.apply(config, bootstrap, null);
        if (timeoutMs <= 0)
        {
            throw new UsageException("--timeout-ms: must be positive, got " + timeoutMs);
        }
        KafkaSupport.requireClients();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String kafka = config.stringValue(Setting.KAFKA_EXPORT_BOOTSTRAP);
        final KafkaIngest.State end;
        final KafkaIngest served;
        final long head;
        final List<String> problems;
        try (Strand strand = Strand.launch(EngineContexts.account(config)))
        {
            try (EngineExporter ignored = EngineExporter.startIfEnabled(config, new AccountModel().eventSchema(),
                strand.counters().journalHead()::get);
                KafkaIngest ingest = KafkaIngest.launch(new KafkaIngest.Context().strand(strand)
                    .journalId(JournalIdentity.read(config.dir())).bootstrap(kafka).commandsTopic(commandsTopic)
                    .outcomesTopic(outcomesTopic).timeoutMs(timeoutMs));
                StopSignals signals = new StopSignals(ingest::requestStop))
            {
                out.printf("serve: journal %s at index %d; commands from %s, outcomes to %s (Kafka at %s); SIGTERM " +
                    "or Ctrl-C stops%n", config.dir(), strand.counters().journalHead().get(), commandsTopic,
                    outcomesTopic, kafka);
                out.flush();
                end = ingest.awaitTermination(Long.MAX_VALUE);
                served = ingest;
            }
            strand.close();
            head = strand.state().lastIndex();
            problems = strand.shutdownProblems();
        }
        if (end != KafkaIngest.State.DONE)
        {
            throw new KafkaFailure(served.problem());
        }
        out.printf("serve: %,d command records answered (%,d accepted, %,d duplicates, %,d malformed) in %,d " +
            "transactions; journal head index %d%n", served.answered(), served.accepted(), served.duplicates(),
            served.malformed(), served.transactions(), head);
        if (!problems.isEmpty())
        {
            err.println(spec.qualifiedName() + ": the shutdown did not complete: " + String.join("; ", problems) +
                " (every acknowledged command is in the journal)");
            return StrandCli.EXIT_FAILURE;
        }
        return 0;
    }
}
