package caravel.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.Failure;
import caravel.net.OutboundPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The URLs production refuses before anything is kept or sent: not https, or an address inside. */
class WebhookRulesTest {
    static final OutboundPolicy PRODUCTION = OutboundPolicy.of(false);

    static void refused(String url, String code) {
        assertThatThrownBy(() -> WebhookRules.url(url, PRODUCTION))
                .isInstanceOf(Failure.class)
                .satisfies(e -> {
                    assertThat(((Failure) e).code()).isEqualTo(code);
                    assertThat(((Failure) e).field()).isEqualTo("url");
                });
    }

    @Test
    void productionRefusesPlainHttpAndPrivateOrLoopbackAddresses() {
        refused("http://example.com/hook", "webhook_url_not_https");
        refused("ws://example.com/hook", "webhook_url_not_https");
        refused("https://127.0.0.1/hook", "webhook_url_not_public");
        refused("https://localhost:8443/hook", "webhook_url_not_public");
        refused("https://10.1.2.3/hook", "webhook_url_not_public");
        refused("https://192.168.0.10/hook", "webhook_url_not_public");
        refused("https://169.254.169.254/latest/meta-data/", "webhook_url_not_public");
        refused("https://[::1]/hook", "webhook_url_not_public");
        refused("https://[::ffff:127.0.0.1]/hook", "webhook_url_not_public");
        refused("https://user:pw@example.com/hook", "webhook_url_invalid");
        refused("/relative", "webhook_url_invalid");
    }

    @Test
    void theLocalStackMayUsePlainHttpToLoopback() {
        assertThat(WebhookRules.url("http://127.0.0.1:9/hook", OutboundPolicy.of(true))
                        .toString())
                .isEqualTo("http://127.0.0.1:9/hook");
    }

    @Test
    void eventsAreTheKnownOnesEachOnce() {
        assertThat(WebhookRules.events(List.of("member.joined", "member.joined", "backup.failed")))
                .containsExactly("member.joined", "backup.failed");
        assertThatThrownBy(() -> WebhookRules.events(List.of())).isInstanceOf(Failure.class);
        assertThatThrownBy(() -> WebhookRules.events(List.of("ping"))).isInstanceOf(Failure.class);
    }

    @Test
    void theSenderAppliesTheRulesAtSendTimeToo() {
        // a URL kept earlier whose host now points inside (DNS rebinding) is refused when sending, not dialled
        var answer = new WebhookSender(PRODUCTION, java.time.Clock.systemUTC())
                .send("e1", "https://127.0.0.1:1/hook", "d1", "{}", "whsec_x");
        assertThat(answer.status()).isNull();
        assertThat(answer.excerpt()).startsWith("refused by the outbound rules");
    }
}
