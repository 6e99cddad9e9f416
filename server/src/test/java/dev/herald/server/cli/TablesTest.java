package dev.herald.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact output of each table and detail view, following kapacitor's format strings. */
class TablesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> nodes(String jsonArray) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(jsonArray).forEach(out::add);
        return out;
    }

    @Test
    void tasksTableSortsByIdAndSizesTheIdColumn() throws Exception {
        String table = Tables.tasks(nodes("""
                [{"id":"cpu_alert","type":"stream","status":"enabled","executing":true,
                  "dbrps":[{"db":"telegraf","rp":"autogen"}]},
                 {"id":"a","type":"batch","status":"disabled","executing":false,"dbrps":[]},
                 {"id":"m","type":"stream","status":"disabled","executing":false,
                  "dbrps":[{"db":"x","rp":"y"},{"db":"my.db","rp":"rp"}]}]"""));
        assertEquals(""
                + "ID        Type      Status    Executing Databases and Retention Policies\n"
                + "a         batch     disabled  false     []\n"
                + "cpu_alert stream    enabled   true      [\"telegraf\".\"autogen\"]\n"
                + "m         stream    disabled  false     [\"x\".\"y\" \"my.db\".\"rp\"]\n", table);
    }

    @Test
    void emptyTasksTableIsJustTheHeaderAtMinimumWidth() {
        assertEquals("ID Type      Status    Executing Databases and Retention Policies\n", Tables.tasks(List.of()));
    }

    @Test
    void templatesTable() throws Exception {
        String table = Tables.templates(nodes("""
                [{"id":"threshold","type":"stream","vars":{"warn":{"type":"float","value":80},
                  "crit":{"type":"float","value":90}}},
                 {"id":"b","type":"batch","vars":{}}]"""));
        assertEquals(""
                + "ID        Type      Vars                                    \n"
                + "b         batch                                             \n"
                + "threshold stream    crit,warn                               \n", table);
    }

    @Test
    void topicsTableRightAlignsCollected() throws Exception {
        String table = Tables.topics(nodes("""
                [{"id":"main:cpu_alert:alert2","level":"CRITICAL","collected":12},
                 {"id":"cpu","level":"OK","collected":0}]"""));
        assertEquals(""
                + "ID                    Level     Collected\n"
                + "main:cpu_alert:alert2 CRITICAL         12\n"
                + "cpu                   OK                0\n", table);
    }

    @Test
    void topicHandlersTableHasTenCharacterMinimumColumns() {
        String table = Tables.topicHandlers(List.of(new Tables.HandlerRow("cpu", "slack-ops", "slack"),
                new Tables.HandlerRow("system", "a-very-long-handler-id", "telegram")));
        assertEquals(""
                + "Topic      ID                     Kind       \n"
                + "cpu        slack-ops              slack      \n"
                + "system     a-very-long-handler-id telegram   \n", table);
    }

    @Test
    void serviceTestTables() {
        assertEquals("Service Name\nslack\ntelegram\n", Tables.serviceTestNames(List.of("slack", "telegram")));
        assertEquals(""
                + "Service             Success   Message\n"
                + "slack               false     service is not enabled\n"
                + "telegram            true      \n",
                Tables.serviceTestResults(List.of(new Tables.TestResult("slack", false, "service is not enabled"),
                        new Tables.TestResult("telegram", true, ""))));
    }

    @Test
    void showTaskWithVars() throws Exception {
        JsonNode task = JSON.readTree("""
                {"id":"cpu","error":"","template-id":"threshold","type":"stream","status":"enabled",
                 "executing":true,"created":"2017-03-14T18:38:12.212946Z","modified":"2017-03-14T18:40:00Z",
                 "last-enabled":"2017-03-14T18:40:00Z","dbrps":[{"db":"telegraf","rp":"autogen"}],
                 "script":"stream\\n    |from()","dot":"digraph cpu {\\n}",
                 "vars":{"window":{"type":"duration","value":60000000000},
                         "crit":{"type":"float","value":90},
                         "count":{"type":"int","value":3},
                         "field":{"type":"string","value":"usage_idle"},
                         "groups":{"type":"list","value":[{"type":"string","value":"host"},{"type":"star"}]},
                         "when":{"type":"lambda","value":"\\"usage_idle\\" < 10"},
                         "period":{"type":"duration","value":"1h30m"}}}""");
        String expected = ""
                + "ID: cpu\n"
                + "Error: \n"
                + "Template: threshold\n"
                + "Type: stream\n"
                + "Status: enabled\n"
                + "Executing: true\n"
                + "Created: 14 Mar 17 18:38 UTC\n"
                + "Modified: 14 Mar 17 18:40 UTC\n"
                + "LastEnabled: 14 Mar 17 18:40 UTC\n"
                + "Databases Retention Policies: [\"telegraf\".\"autogen\"]\n"
                + "TICKscript:\nstream\n    |from()\n"
                + "Vars:\n"
                + "Name                          Type      Value                                   \n"
                + "count                         int       3                                       \n"
                + "crit                          float     90                                      \n"
                + "field                         string    usage_idle                              \n"
                + "groups                        list      [host, *]                               \n"
                + "period                        duration  1h30m0s                                 \n"
                + "when                          lambda    \"usage_idle\" < 10                       \n"
                + "window                        duration  1m0s                                    \n"
                + "DOT:\ndigraph cpu {\n}\n";
        assertEquals(expected, Tables.task(task, ZoneOffset.UTC));
    }

    @Test
    void showTaskWithoutVarsOmitsTheVarsSection() throws Exception {
        JsonNode task = JSON.readTree("""
                {"id":"t","type":"stream","status":"disabled","executing":false,"dbrps":[],"script":"",
                 "dot":"","created":"2020-01-02T03:04:05Z","modified":"2020-01-02T03:04:05Z",
                 "last-enabled":"0001-01-01T00:00:00Z","vars":{}}""");
        assertEquals("ID: t\nError: \nTemplate: \nType: stream\nStatus: disabled\nExecuting: false\n"
                + "Created: 02 Jan 20 03:04 UTC\nModified: 02 Jan 20 03:04 UTC\nLastEnabled: 01 Jan 01 00:00 UTC\n"
                + "Databases Retention Policies: []\nTICKscript:\n\nDOT:\n\n", Tables.task(task, ZoneOffset.UTC));
    }

    @Test
    void listVarsMayOnlyHoldStringsAndStars() throws Exception {
        JsonNode task = JSON.readTree("""
                {"id":"t","vars":{"bad":{"type":"list","value":[{"type":"int","value":1}]}}}""");
        CliException e = assertThrows(CliException.class, () -> Tables.task(task, ZoneOffset.UTC));
        assertEquals("invalid var bad: lists can only contain strings or a star, got int", e.getMessage());
    }

    @Test
    void showTemplateMarksRequiredVars() throws Exception {
        JsonNode t = JSON.readTree("""
                {"id":"threshold","error":"","type":"stream","created":"2017-03-14T18:38:12Z",
                 "modified":"2017-03-14T18:38:12Z","script":"var crit float\\nstream","dot":"digraph threshold {\\n}",
                 "vars":{"crit":{"type":"float","value":null,"description":"critical threshold"},
                         "measurement":{"type":"string","value":"cpu","description":""}}}""");
        String expected = ""
                + "ID: threshold\n"
                + "Error: \n"
                + "Type: stream\n"
                + "Created: 14 Mar 17 18:38 UTC\n"
                + "Modified: 14 Mar 17 18:38 UTC\n"
                + "TICKscript:\nvar crit float\nstream\n"
                + "Vars:\n"
                + "Name                          Type      Default Value                           Description"
                + "                             \n"
                + "crit                          float     <required>                              critical threshold"
                + "                      \n"
                + "measurement                   string    cpu                                     "
                + "                                        \n"
                + "DOT:\ndigraph threshold {\n}\n";
        assertEquals(expected, Tables.template(t, ZoneOffset.UTC));
    }

    @Test
    void showTopicHandlerPrintsOptionsAsSortedJson() throws Exception {
        JsonNode h = JSON.readTree("""
                {"link":{"rel":"self","href":"/kapacitor/v1/alerts/topics/cpu/handlers/slack-ops"},
                 "id":"slack-ops","kind":"slack","match":"changed() == TRUE",
                 "options":{"username":"herald","channel":"#ops","icon-emoji":":fire:"}}""");
        assertEquals("ID: slack-ops\nTopic: cpu\nKind: slack\nMatch: changed() == TRUE\n"
                + "Options: {\"channel\":\"#ops\",\"icon-emoji\":\":fire:\",\"username\":\"herald\"}\n",
                Tables.topicHandler("cpu", h));
    }

    @Test
    void showTopicSortsEventsByTimeAndSizesColumns() throws Exception {
        JsonNode topic = JSON.readTree("""
                {"id":"cpu","level":"CRITICAL","collected":5}""");
        List<JsonNode> events = nodes("""
                [{"id":"cpu:host=serverB","state":{"level":"OK","message":"fine","time":"2017-03-14T18:40:00Z"}},
                 {"id":"cpu:host=serverA","state":{"level":"CRITICAL","message":"serverA is CRITICAL",
                  "time":"2017-03-14T18:38:00Z"}}]""");
        List<JsonNode> handlers = nodes("[{\"id\":\"slack-ops\"},{\"id\":\"log\"}]");
        String expected = ""
                + "ID: cpu\n"
                + "Level: CRITICAL\n"
                + "Collected: 5\n"
                + "Handlers: [slack-ops, log]\n"
                + "Events:\n"
                + "Event            Level    Message             Date                   \n"
                + "cpu:host=serverA CRITICAL serverA is CRITICAL 14 Mar 17 14:38 EDT    \n"
                + "cpu:host=serverB OK       fine                14 Mar 17 14:40 EDT    \n";
        assertEquals(expected, Tables.topic(topic, events, handlers, ZoneId.of("America/New_York")));
    }

    @Test
    void showTopicWithoutEvents() throws Exception {
        assertEquals("ID: t\nLevel: OK\nCollected: 0\nHandlers: []\nEvents:\n"
                        + "Event Level    Message Date                   \n",
                Tables.topic(JSON.readTree("{\"id\":\"t\",\"level\":\"OK\",\"collected\":0}"), List.of(), List.of(),
                        ZoneOffset.UTC));
    }
}
