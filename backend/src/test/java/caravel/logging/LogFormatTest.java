package caravel.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** logback.xml itself: LOG_FORMAT picks the appender; json writes masked JSON lines with the request id. */
class LogFormatTest {
    static String logWith(String format) throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(MDC.getMDCAdapter()); // the one MDC.put below writes to
        try {
            // the console appender takes System.out when it starts
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            if (format != null) ctx.putProperty("LOG_FORMAT", format);
            JoranConfigurator jc = new JoranConfigurator();
            jc.setContext(ctx);
            jc.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            MDC.put("request_id", "req-42");
            ctx.getLogger("caravel.x").info("paid with token cvs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        } finally {
            MDC.remove("request_id");
            ctx.stop();
            System.setOut(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textByDefaultAndJsonWhenAsked() throws Exception {
        String text = logWith(null);
        assertThat(text).contains("INFO  caravel.x - paid with token cvs_***").doesNotContain("cvs_AAAA");
        assertThat(text.strip()).doesNotStartWith("{");

        // an empty LOG_FORMAT (an env file's "LOG_FORMAT=") is the default, as Config reads it
        assertThat(logWith("")).contains("INFO  caravel.x - paid with token cvs_***");

        String json = logWith("json");
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(node.get("msg").asText()).isEqualTo("paid with token cvs_***");
        assertThat(node.get("request_id").asText()).isEqualTo("req-42");
        assertThat(json).doesNotContain("cvs_AAAA");
    }
}
