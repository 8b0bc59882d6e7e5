package dev.sessionauth.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionauth.SessionAuthApplication;
import io.dropwizard.views.common.View;
import io.dropwizard.views.freemarker.FreemarkerViewRenderer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A template that fails to render fails the request; it never prints FreeMarker's debug page,
 * with its stack trace, into what the browser gets, as FreeMarker's default handler does.
 */
class TemplateErrorsTest {

    private static final View BROKEN = new View("/views-for-tests/broken.ftlh", StandardCharsets.UTF_8) {
    };

    @Test
    void theServicesSettingsFailTheRenderingAndWriteNoStackTrace() {
        FreemarkerViewRenderer renderer = new FreemarkerViewRenderer();
        renderer.configure(SessionAuthApplication.VIEWS.get(renderer.getConfigurationKey()));
        ByteArrayOutputStream page = new ByteArrayOutputStream();

        assertThatThrownBy(() -> renderer.render(BROKEN, Locale.ENGLISH, page)).isNotNull();
        assertThat(page.toString(StandardCharsets.UTF_8)).doesNotContain("FreeMarker template error")
            .doesNotContain("at freemarker.");
    }

    @Test
    void freeMarkersDefaultsWouldPrintTheStackTraceIntoThePage() {
        FreemarkerViewRenderer renderer = new FreemarkerViewRenderer();
        renderer.configure(Map.of());
        ByteArrayOutputStream page = new ByteArrayOutputStream();

        assertThatThrownBy(() -> renderer.render(BROKEN, Locale.ENGLISH, page)).isNotNull();
        assertThat(page.toString(StandardCharsets.UTF_8)).contains("FreeMarker template error");
    }
}
