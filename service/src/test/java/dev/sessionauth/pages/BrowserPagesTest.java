package dev.sessionauth.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Chromium;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages as a person uses them, in headless Chromium against the real application: sign in and
 * out, a wrong password, ending a session from another browser, the back button after logout, and a
 * form posted from another origin. Every page visited is saved under {@code target/screenshots/}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BrowserPagesTest {

    private static final String PASSWORD = "browser-password-1";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK);

    private final List<Chromium> browsers = new java.util.ArrayList<>();
    private String username;

    @BeforeAll
    static void needsChromium() {
        Chromium.assumeInstalled();
    }

    @BeforeEach
    void newUser() {
        username = "browser-user-" + USERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        users().insert(username, new PasswordHasher().hash(PASSWORD), "user", false, CLOCK.instant());
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Chromium::close);
    }

    @Test
    void signingInThroughTheFormShowsTheName() {
        Chromium browser = browser();
        WebDriver driver = browser.driver();

        driver.get(url("/"));
        waitForPath(driver, "/login");
        browser.screenshot("login");
        signIn(driver, username, PASSWORD);

        waitForPath(driver, "/");
        assertThat(driver.findElement(By.id("greeting")).getText()).isEqualTo("Hello, " + username);
        assertThat(driver.getTitle()).isEqualTo("Home · sessionauth");
        browser.screenshot("home");
    }

    @Test
    void aWrongPasswordShowsTheErrorAndSignsNobodyIn() {
        Chromium browser = browser();
        WebDriver driver = browser.driver();

        driver.get(url("/login"));
        signIn(driver, username, "not-the-password");

        WebElement error = wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).isEqualTo("Invalid username or password");
        assertThat(driver.findElement(By.id("username")).getAttribute("value")).isEqualTo(username);
        assertThat(driver.manage().getCookieNamed("sid")).isNull();
        browser.screenshot("login-error");
    }

    @Test
    void aSessionEndedFromTheFirstBrowserSendsTheSecondToTheLoginPageOnItsNextClick() {
        Chromium first = browser();
        Chromium second = browser();
        signedIn(first.driver());
        signedIn(second.driver());

        first.driver().findElement(By.linkText("Sessions")).click();
        waitForPath(first.driver(), "/account/sessions");
        List<WebElement> rows = first.driver().findElements(By.cssSelector("tr.session"));
        assertThat(rows).hasSize(2);
        assertThat(first.driver().findElements(By.cssSelector("tr.session.current"))).hasSize(1);
        first.screenshot("sessions");

        first.driver().findElement(By.cssSelector("tr.session:not(.current) button")).click();
        WebElement notice = wait(first.driver()).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(notice.getText()).contains("The session was ended");
        assertThat(first.driver().findElements(By.cssSelector("tr.session"))).hasSize(1);

        second.driver().findElement(By.linkText("Sessions")).click();
        waitForPath(second.driver(), "/login");
        assertThat(second.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
        first.driver().navigate().refresh();
        assertThat(first.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Your sessions");
    }

    @Test
    void afterLogoutTheBackButtonShowsNothingPrivate() {
        Chromium browser = browser();
        WebDriver driver = browser.driver();
        signedIn(driver);
        driver.findElement(By.linkText("Sessions")).click();
        waitForPath(driver, "/account/sessions");

        driver.findElement(By.id("logout")).click();
        waitForPath(driver, "/login");
        assertThat(driver.findElement(By.id("notice")).getText()).isEqualTo("You have been signed out.");
        driver.navigate().back();

        waitForPath(driver, "/login");
        assertThat(driver.getPageSource()).doesNotContain(username).doesNotContain("Your sessions");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
    }

    @Test
    void changingThePasswordThroughTheForm() {
        Chromium browser = browser();
        WebDriver driver = browser.driver();
        signedIn(driver);
        driver.findElement(By.linkText("Password")).click();
        waitForPath(driver, "/account/password");
        browser.screenshot("password");

        driver.findElement(By.id("current")).sendKeys(PASSWORD);
        driver.findElement(By.id("new")).sendKeys("a-new-browser-password");
        driver.findElement(By.id("confirm")).sendKeys("a-new-browser-password");
        driver.findElement(By.id("change-password")).click();

        WebElement notice = wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(notice.getText()).startsWith("Your password was changed.");
        driver.findElement(By.id("logout")).click();
        waitForPath(driver, "/login");
        signIn(driver, username, "a-new-browser-password");
        waitForPath(driver, "/");
    }

    @Test
    void formsPostedFromAnotherOriginAreRefused() throws IOException {
        Chromium browser = browser();
        WebDriver driver = browser.driver();
        signedIn(driver);
        HttpServer attacker = attackerSite();
        try {
            String site = "http://localhost:" + attacker.getAddress().getPort();

            driver.get(site + "/logout-all");
            driver.findElement(By.id("go")).click();
            wait(driver).until(ExpectedConditions.urlToBe(url("/account/logout-all")));
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("\"code\":403")
                .contains("Cross-site request refused");

            driver.get(site + "/login");
            driver.findElement(By.id("go")).click();
            wait(driver).until(ExpectedConditions.urlToBe(url("/login")));
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("\"code\":403");
        } finally {
            attacker.stop(0);
        }
        driver.get(url("/"));
        assertThat(driver.findElement(By.id("greeting")).getText()).isEqualTo("Hello, " + username);
    }

    /**
     * Another origin (same host, another port) serving two forms aimed at the application: log out
     * everywhere, with a guessed CSRF token, and sign in as the attacker.
     */
    private HttpServer attackerSite() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/logout-all", exchange -> serve(exchange, form("/account/logout-all",
            "<input type=hidden name=_csrf value=guessed-token>")));
        server.createContext("/login", exchange -> serve(exchange, form("/login",
            "<input type=hidden name=username value=attacker><input type=hidden name=password value=attacker-pw>"
                + "<input type=hidden name=_csrf value=forged>")));
        server.start();
        return server;
    }

    private String form(String action, String fields) {
        return "<!DOCTYPE html><html><body><form method=post action=\"" + url(action) + "\">" + fields
            + "<button id=go type=submit>Win a prize</button></form></body></html>";
    }

    private static void serve(com.sun.net.httpserver.HttpExchange exchange, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Chromium browser() {
        Chromium browser = Chromium.start();
        browsers.add(browser);
        return browser;
    }

    private void signedIn(WebDriver driver) {
        driver.get(url("/login"));
        signIn(driver, username, PASSWORD);
        waitForPath(driver, "/");
    }

    private static void signIn(WebDriver driver, String user, String password) {
        WebElement name = driver.findElement(By.id("username"));
        name.clear();
        name.sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
    }

    private static void waitForPath(WebDriver driver, String path) {
        Chromium.waitForPath(driver, url(""), path);
    }

    private static WebDriverWait wait(WebDriver driver) {
        return Chromium.waiting(driver);
    }

    private static String url(String path) {
        return "http://localhost:" + APP.getLocalPort() + path;
    }

    private static UserDao users() {
        return Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "")
            .installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class);
    }
}
