package io.strand.kafka;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CommandJsonTest
{
    @Test
    void aFlatObjectOfStringsAndIntegersIsRead() throws Exception
    {
        final Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "Deposit");
        expected.put("clientId", 7L);
        expected.put("clientSeq", Long.MAX_VALUE);
        expected.put("amount", -100L);
        expected.put("note", "a \"quoted\" \\ \u00e9 \n");
        assertEquals(expected, parse(" {\"type\" : \"Deposit\",\"clientId\":7,\n\"clientSeq\":9223372036854775807," +
            "\"amount\":-100,\"note\":\"a \\\"quoted\\\" \\\\ \\u00e9 \\n\"} "));
        assertEquals(Map.of(), parse("{}"));
    }

    @Test
    void anythingElseIsRefusedWithWhatIsWrong()
    {
        refused("{\"a\":{\"b\":1}}", "field 'a' must be an integer or a string");
        refused("{\"a\":[1]}", "field 'a' must be an integer or a string");
        refused("{\"a\":true}", "field 'a' must be an integer or a string");
        refused("{\"a\":null}", "field 'a' must be an integer or a string");
        refused("{\"a\":1e3}", "field 'a' must be an integer");
        refused("{\"a\":01}", "field 'a' has a leading zero");
        refused("{\"a\":9223372036854775808}", "field 'a' is not an integer in the range of a long");
        refused("{\"a\":1,\"a\":2}", "field 'a' appears twice");
        refused("{\"a\":1,}", "not a JSON object: '}' at character 7 where '\"' was expected");
        refused("{\"a\":1", "the JSON object is cut short: expected ',' or '}'");
        refused("{\"a\":\"\\x\"}", "unknown escape '\\x'");
        refused("{\"a\":1} {}", "text after the JSON object at character 8");
        refused("", "empty value");
    }

    private static Map<String, Object> parse(final String json) throws CommandJson.MalformedException
    {
        return CommandJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(final String json, final String problem)
    {
        final CommandJson.MalformedException ex = assertThrows(CommandJson.MalformedException.class,
            () -> parse(json), json);
        assertTrue(ex.getMessage().startsWith(problem), json + ": " + ex.getMessage());
    }
}
