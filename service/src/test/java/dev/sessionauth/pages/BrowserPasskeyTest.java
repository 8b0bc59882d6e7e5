package dev.sessionauth.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Chromium;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import com.sun.net.httpserver.HttpServer;
import dev.sessionauth.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys as a person meets them, in headless Chromium with ChromeDriver's virtual authenticator
 * (resident keys, user verification on): a passkey added from the account page signs in alone at
 * aal2, and after the password as the second factor; once removed it is refused; and the service
 * refuses, from the real browser, an answer sent twice, an answer made on another origin and
 * another account's passkey for a second factor.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BrowserPasskeyTest {

    private static final String PASSWORD = "browser-password-3";
    private static final MutableClock CLOCK = new MutableClock();
    /** A port of its own, for the origin the configuration names: the page's origin is what a passkey is for. */
    private static final int PORT = freePort();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK,
        ConfigOverride.config("server.applicationConnectors[0].port", Integer.toString(PORT)),
        ConfigOverride.config("logins.passkeys.origins[0]", "http://localhost:" + PORT));

    private final List<Chromium> browsers = new ArrayList<>();
    /** The last browser's authenticator. */
    private VirtualAuthenticator authenticator;

    @BeforeAll
    static void needsChromium() {
        Chromium.assumeInstalled();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Chromium::close);
    }

    /**
     * The virtual authenticator answers a conditional request (the sign-in page's autofill) at
     * once with the one passkey it holds, as a person picking it from the list would: a page that
     * must not sign in by itself is loaded with the passkey taken out ({@link #takeOut}), and it
     * is put back before the button that asks for it.
     */
    @Test
    void aPasskeyAddedFromTheAccountPageSignsInByAutofillByButtonAndAfterThePasswordUntilItIsRemoved() {
        String username = newUser();
        ChromeDriver driver = browserWithAuthenticator();

        signInWithPassword(driver, username);
        waitForPath(driver, "/");
        driver.findElement(By.id("passkeys-link")).click();
        waitForPath(driver, "/account/passkeys");
        addPasskey(driver, "Laptop");
        assertThat(driver.findElement(By.id("passkey-list")).getText()).contains("Laptop").contains("not used yet");
        Credential passkey = takeOut();
        logOut(driver);

        authenticator.addCredential(passkey);
        driver.get(url("/login"));
        waitForPath(driver, "/");
        assertThat(driver.findElement(By.id("greeting")).getText()).as("signed in by autofill").contains(username);
        assertThat(levelOfThisSession(driver)).as("the authenticator verified its user").isEqualTo("aal2");

        passkey = takeOut();
        logOut(driver);
        authenticator.addCredential(passkey);
        driver.findElement(By.id("passkey-sign-in")).click();
        waitForPath(driver, "/");
        assertThat(levelOfThisSession(driver)).isEqualTo("aal2");

        passkey = takeOut();
        logOut(driver);
        signInWithPassword(driver, username);
        waitForPath(driver, "/login/second-factor");
        assertThat(driver.findElements(By.id("code"))).as("no authenticator app: no code field").isEmpty();
        authenticator.addCredential(passkey);
        driver.findElement(By.id("passkey-second-factor")).click();
        waitForPath(driver, "/");
        assertThat(levelOfThisSession(driver)).isEqualTo("aal2");

        driver.get(url("/account/passkeys"));
        driver.findElement(By.id("remove-passkey-0")).click();
        wait(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "was removed"));
        passkey = takeOut();
        logOut(driver);
        authenticator.addCredential(passkey);
        driver.findElement(By.id("passkey-sign-in")).click();

        assertThat(wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-error"))).getText())
            .isEqualTo("Passkey refused");
        assertThat(driver.getCurrentUrl()).startsWith(url("/login"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAnswerSentTwiceAndAnAnswerMadeOnAnotherOriginAreRefused() throws IOException {
        String username = newUser();
        ChromeDriver driver = browserWithAuthenticator();
        signInWithPassword(driver, username);
        waitForPath(driver, "/");
        driver.get(url("/account/passkeys"));
        addPasskey(driver, "Laptop");
        Credential passkey = takeOut();
        logOut(driver);
        driver.get(url("/ping"));
        authenticator.addCredential(passkey);

        // The second time without the session the first started, as another client would send it.
        Map<String, Object> twice = (Map<String, Object>) script(driver).executeAsyncScript(CEREMONY
            + "const first = await post('/auth/login/passkey', answer);"
            + "const second = await post('/auth/login/passkey', answer, 'omit');"
            + "done({first: first, second: second}); })().catch(e => done({error: String(e)}));",
            "/auth/login/passkey/options");

        assertThat(twice).containsEntry("first", 200L).containsEntry("second", 401L);

        // The same browser, authenticator and passkey, on another origin of the relying party
        // (another port of localhost): the browser signs, and the service refuses the origin.
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            byte[] page = "<!DOCTYPE html><title>elsewhere</title>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        elsewhere.start();
        try {
            Http http = new Http(PORT);
            String options = http.postJson("/auth/login/passkey/options", "").body();
            driver.get("http://localhost:" + elsewhere.getAddress().getPort() + "/");
            String answer = (String) script(driver).executeAsyncScript("const done = arguments[1];"
                + "navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON("
                + "JSON.parse(arguments[0]))}).then(c => done(JSON.stringify({credential: c.toJSON()})))"
                + ".catch(e => done(String(e)));", options);
            assertThat(answer).as("the browser signed").startsWith("{\"credential\"");

            assertThat(http.postJson("/auth/login/passkey", answer).status()).isEqualTo(401);
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void anotherAccountsPasskeyIsNoSecondFactor() {
        String owner = newUser();
        ChromeDriver ownBrowser = browserWithAuthenticator();
        signInWithPassword(ownBrowser, owner);
        waitForPath(ownBrowser, "/");
        ownBrowser.get(url("/account/passkeys"));
        addPasskey(ownBrowser, "Laptop");
        takeOut();
        logOut(ownBrowser);
        ChromeDriver otherBrowser = browserWithAuthenticator();
        signInWithPassword(otherBrowser, newUser());
        waitForPath(otherBrowser, "/");
        otherBrowser.get(url("/account/passkeys"));
        addPasskey(otherBrowser, "Other laptop");

        // The owner's right password; the options for its second factor, bound to the owner, are
        // answered by the other account's authenticator, in the other browser.
        signInWithPassword(ownBrowser, owner);
        waitForPath(ownBrowser, "/login/second-factor");
        String options = (String) script(ownBrowser).executeAsyncScript("const done = arguments[0];"
            + "fetch('/auth/login/second-factor/passkey/options', {method: 'POST'}).then(r => r.text()).then(done);");
        String answer = (String) script(otherBrowser).executeAsyncScript("const done = arguments[1];"
            + "const options = JSON.parse(arguments[0]); options.allowCredentials = [];"
            + "navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)})"
            + ".then(c => done(JSON.stringify({credential: c.toJSON()}))).catch(e => done(String(e)));", options);
        assertThat(answer).startsWith("{\"credential\"");
        Object status = script(ownBrowser).executeAsyncScript("const done = arguments[1];"
            + "fetch('/auth/login/second-factor/passkey', {method: 'POST', headers: {'Content-Type': "
            + "'application/json'}, body: arguments[0]}).then(r => done(r.status));", answer);

        assertThat(status).isEqualTo(401L);
        assertThat(ownBrowser.manage().getCookieNamed("sid")).isNull();
    }

    /**
     * A script that asks for {@code arguments[0]}'s options, gets an assertion from the
     * authenticator and leaves {@code answer} and {@code post(url, answer[, credentials])} (the
     * status; {@code 'omit'} sends no cookie) to what follows; {@code done} is the async script's
     * callback.
     */
    private static final String CEREMONY = "const done = arguments[arguments.length - 1];"
        + "const post = async (url, body, credentials) => (await fetch(url, {method: 'POST', credentials: "
        + "credentials || 'same-origin', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)}))"
        + ".status;"
        + "(async () => {"
        + "const response = await fetch(arguments[0], {method: 'POST'});"
        + "const text = await response.text();"
        + "if (response.status !== 200) { throw new Error(response.status + ' ' + text); }"
        + "const options = JSON.parse(text);"
        + "const credential = await navigator.credentials.get({publicKey: "
        + "PublicKeyCredential.parseRequestOptionsFromJSON(options)});"
        + "const answer = {credential: credential.toJSON()};";

    private String newUser() {
        String username = "passkey-user-" + UUID.randomUUID().toString().substring(0, 8);
        users().insert(username, new PasswordHasher().hash(PASSWORD), "user", false, CLOCK.instant());
        return username;
    }

    private ChromeDriver browserWithAuthenticator() {
        Chromium browser = Chromium.start();
        browsers.add(browser);
        ChromeDriver driver = browser.driver();
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        authenticator = driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
            .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
            .setHasResidentKey(true)
            .setHasUserVerification(true)
            .setIsUserVerified(true)
            .setIsUserConsenting(true));
        assertThat(authenticator.getCredentials()).isEmpty();
        return driver;
    }

    /**
     * Takes the passkey out of the authenticator, as it is now (its counter too: one put back
     * with an older counter is a clone, which the service refuses), so that a page's autofill
     * cannot sign in by itself.
     */
    private Credential takeOut() {
        Credential passkey = authenticator.getCredentials().get(0);
        authenticator.removeAllCredentials();
        return passkey;
    }

    private static void addPasskey(WebDriver driver, String name) {
        driver.findElement(By.id("passkey-name")).clear();
        driver.findElement(By.id("passkey-name")).sendKeys(name);
        WebElement button = driver.findElement(By.id("add-passkey"));
        button.click();
        wait(driver).until(ExpectedConditions.stalenessOf(button));
        wait(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("passkey-list"), name));
    }

    private static void signInWithPassword(WebDriver driver, String username) {
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("sign-in")).click();
    }

    private static void logOut(WebDriver driver) {
        driver.get(url("/"));
        driver.findElement(By.id("home-logout")).click();
        waitForPath(driver, "/login");
    }

    /** The assurance level of the browser's own session, as {@code GET /auth/sessions} says. */
    private static String levelOfThisSession(WebDriver driver) {
        Object level = script(driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
            + "fetch('/auth/sessions').then(r => r.json()).then(j => done(j.sessions.find(s => s.current)"
            + ".assuranceLevel)).catch(e => done(String(e)));");
        return String.valueOf(level);
    }

    private static JavascriptExecutor script(WebDriver driver) {
        return (JavascriptExecutor) driver;
    }

    private static UserDao users() {
        return Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "").installPlugin(new SqlObjectPlugin())
            .onDemand(UserDao.class);
    }

    private static void waitForPath(WebDriver driver, String path) {
        Chromium.waitForPath(driver, url(""), path);
    }

    private static WebDriverWait wait(WebDriver driver) {
        return Chromium.waiting(driver);
    }

    private static String url(String path) {
        return "http://localhost:" + PORT + path;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
