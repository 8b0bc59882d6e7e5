package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Chromium;
import dev.sessionauth.testing.EchoUpstream;
import dev.sessionauth.testing.ReverseProxy;
import dev.sessionauth.testing.ReverseProxy.Kind;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole round trip in Chromium through real nginx: a protected upstream page sends the
 * browser to sign in, signing in brings it back to that page, which shows its user; a return URL
 * on a host that is not listed lands on {@code /} instead.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BrowserForwardAuthTest {

    @AutoClose
    private static final EchoUpstream UPSTREAM = EchoUpstream.start();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(new MutableClock(),
        ConfigOverride.config("forwardAuth.trustedProxies", "127.0.0.1,::1"),
        ConfigOverride.config("forwardAuth.allowedHosts", "127.0.0.1"));

    private static ReverseProxy nginx;

    @BeforeAll
    static void startNginx() {
        Chromium.assumeInstalled();
        Kind.NGINX.assumeInstalled();
        nginx = ReverseProxy.start(Kind.NGINX, APP, UPSTREAM.port());
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void aProtectedPageSendsTheBrowserToSignInAndSigningInBringsItBack() {
        try (Chromium browser = Chromium.start()) {
            WebDriver driver = browser.driver();
            String page = nginx.base() + "/reports/2026?month=11";
            UPSTREAM.clear();

            driver.get(page);
            waitFor(driver, nginx.base() + "/login?rd=" + URLEncoder.encode(page, StandardCharsets.UTF_8));
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
            assertThat(UPSTREAM.received()).as("nothing reached the upstream before sign-in").isEmpty();
            browser.screenshot("forward-auth-sign-in");
            signIn(driver);

            waitFor(driver, page);
            assertThat(driver.findElement(By.id("user")).getText()).isEqualTo("ada");
            assertThat(driver.findElement(By.id("uri")).getText()).isEqualTo("/reports/2026?month=11");
            browser.screenshot("forward-auth-upstream");
        }
    }

    @Test
    void aReturnUrlOnAHostThatIsNotListedLandsOnTheStartPage() {
        try (Chromium browser = Chromium.start()) {
            WebDriver driver = browser.driver();

            driver.get(nginx.base() + "/login?rd=" + URLEncoder.encode("http://not-listed.example/steal",
                StandardCharsets.UTF_8));
            signIn(driver);

            waitFor(driver, nginx.base() + "/");
            assertThat(driver.findElement(By.id("user")).getText()).isEqualTo("ada");
        }
    }

    private static void signIn(WebDriver driver) {
        driver.findElement(By.id("username")).sendKeys("ada");
        driver.findElement(By.id("password")).sendKeys(TestApp.ADA_PASSWORD);
        driver.findElement(By.id("sign-in")).click();
    }

    private static void waitFor(WebDriver driver, String url) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> url.equals(d.getCurrentUrl()));
    }
}
