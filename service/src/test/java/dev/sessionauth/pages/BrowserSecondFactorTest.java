package dev.sessionauth.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Chromium;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.bundle.TotpCodes;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * Second factors as a person meets them, in headless Chromium: adding an authenticator app from the
 * account page (the test computes each code from the key the page shows, as the app would from the
 * QR code), signing in with the password and then a code, a recovery code, and the password and
 * code a change of the factor asks for when the last ones are old.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BrowserSecondFactorTest {

    private static final String PASSWORD = "browser-password-2";
    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK,
        ConfigOverride.config("users.secondFactorRoles", "auditor"));

    private final List<Chromium> browsers = new ArrayList<>();
    private String username;
    private long id;

    @BeforeAll
    static void needsChromium() {
        Chromium.assumeInstalled();
    }

    @BeforeEach
    void newUser() {
        username = "factor-user-" + UUID.randomUUID().toString().substring(0, 8);
        id = users().insert(username, new PasswordHasher().hash(PASSWORD), "user", false, CLOCK.instant());
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Chromium::close);
    }

    @Test
    void addAnAuthenticatorAppThenSignInWithThePasswordAndItsCode() {
        Chromium browser = browser();
        WebDriver driver = browser.driver();
        signInWithPassword(driver);
        waitForPath(driver, "/");

        driver.findElement(By.id("second-factor-link")).click();
        waitForPath(driver, "/account/second-factor");
        assertThat(driver.findElement(By.id("factor-status")).getText()).contains("Only your password");
        driver.findElement(By.id("add-authenticator")).click();
        wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-secret")));
        assertThat(driver.findElements(By.cssSelector("svg.qr path"))).hasSize(1);
        browser.screenshot("second-factor-enrol");
        String secret = driver.findElement(By.id("totp-secret")).getText().replace(" ", "");

        enterCode(driver, "code", TotpCodes.wrong(secret, CLOCK.instant()), "confirm-authenticator");
        assertThat(wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("error"))).getText())
            .contains("That code is not right");
        assertThat(driver.findElement(By.id("totp-secret")).getText().replace(" ", "")).as("the same key again")
            .isEqualTo(secret);
        enterCode(driver, "code", TotpCodes.at(secret, CLOCK.instant()), "confirm-authenticator");
        List<WebElement> codes = wait(driver).until(ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("#recovery-codes li"), 10));
        assertThat(codes).allSatisfy(code -> assertThat(code.getText()).matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"));
        browser.screenshot("second-factor-recovery-codes");
        driver.findElement(By.id("codes-saved")).click();
        waitForPath(driver, "/account/second-factor");
        assertThat(driver.findElement(By.id("recovery-codes-left")).getText()).isEqualTo("10");
        assertThat(driver.findElement(By.id("assurance-level")).getText()).isEqualTo("aal2");

        driver.findElement(By.id("logout")).click();
        waitForPath(driver, "/login");
        CLOCK.advance(Duration.ofSeconds(30));
        signInWithPassword(driver);
        waitForPath(driver, "/login/second-factor");
        assertThat(driver.manage().getCookieNamed("sid")).as("no session before the code").isNull();
        browser.screenshot("second-factor-code");
        enterCode(driver, "code", TotpCodes.wrong(secret, CLOCK.instant()), "verify-code");
        assertThat(wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("error"))).getText())
            .contains("That code is not right");
        String code = TotpCodes.at(secret, CLOCK.instant());
        enterCode(driver, "code", code, "verify-code");
        waitForPath(driver, "/");
        assertThat(driver.findElement(By.id("greeting")).getText()).isEqualTo("Hello, " + username);

        driver.findElement(By.linkText("Sessions")).click();
        waitForPath(driver, "/account/sessions");
        assertThat(driver.findElement(By.cssSelector("tr.session.current td.level")).getText())
            .isEqualTo("Password and code");

        driver.findElement(By.id("logout")).click();
        waitForPath(driver, "/login");
        signInWithPassword(driver);
        waitForPath(driver, "/login/second-factor");
        enterCode(driver, "code", code, "verify-code");
        assertThat(wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("error"))).getText())
            .as("a code is accepted once").contains("That code is not right");
    }

    @Test
    void aRecoveryCodeSignsInAndChangingTheFactorAsksForThePasswordAndACodeAgain() {
        Chromium browser = browser();
        WebDriver driver = browser.driver();
        signInWithPassword(driver);
        waitForPath(driver, "/");
        driver.get(url("/account/second-factor"));
        driver.findElement(By.id("add-authenticator")).click();
        String secret = wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-secret")))
            .getText().replace(" ", "");
        enterCode(driver, "code", TotpCodes.at(secret, CLOCK.instant()), "confirm-authenticator");
        String recovery = wait(driver).until(ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#recovery-codes li"))).getText();
        driver.findElement(By.id("codes-saved")).click();
        driver.findElement(By.id("logout")).click();
        waitForPath(driver, "/login");

        signInWithPassword(driver);
        waitForPath(driver, "/login/second-factor");
        enterCode(driver, "code", recovery, "verify-code");
        waitForPath(driver, "/");
        driver.get(url("/account/second-factor"));
        assertThat(driver.findElement(By.id("recovery-codes-left")).getText()).isEqualTo("9");

        CLOCK.advance(Duration.ofMinutes(6));
        driver.navigate().refresh();
        driver.findElement(By.id("confirm-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("confirm")).click();
        assertThat(wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice"))).getText())
            .contains("Password confirmed");
        browser.screenshot("second-factor-step-up");
        enterCode(driver, "step-up-code", TotpCodes.at(secret, CLOCK.instant()), "step-up");
        assertThat(wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice"))).getText())
            .contains("Code confirmed");
        driver.findElement(By.id("new-recovery-codes")).click();
        List<WebElement> fresh = wait(driver).until(ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("#recovery-codes li"), 10));
        assertThat(fresh).noneSatisfy(code -> assertThat(code.getText()).isEqualTo(recovery));
        driver.findElement(By.id("codes-saved")).click();
        waitForPath(driver, "/account/second-factor");
        driver.findElement(By.id("remove-second-factor")).click();
        assertThat(wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice"))).getText())
            .contains("was removed");

        driver.findElement(By.id("logout")).click();
        waitForPath(driver, "/login");
        signInWithPassword(driver);
        waitForPath(driver, "/");
    }

    @Test
    void aUserWhoseRoleRequiresASecondFactorIsSentToAddOneBeforeAnythingElse() {
        users().updateRoles(id, "auditor");
        Chromium browser = browser();
        WebDriver driver = browser.driver();

        signInWithPassword(driver);
        waitForPath(driver, "/account/second-factor");
        assertThat(driver.findElement(By.id("factor-required")).getText()).contains("must have a second factor");
        browser.screenshot("second-factor-required");
        driver.get(url("/"));
        waitForPath(driver, "/account/second-factor");
        driver.findElement(By.id("add-authenticator")).click();
        String secret = wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-secret")))
            .getText().replace(" ", "");
        enterCode(driver, "code", TotpCodes.at(secret, CLOCK.instant()), "confirm-authenticator");
        wait(driver).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#recovery-codes li"), 10));
        driver.findElement(By.id("codes-saved")).click();
        waitForPath(driver, "/account/second-factor");
        assertThat(driver.findElements(By.id("factor-required"))).isEmpty();

        driver.get(url("/"));
        waitForPath(driver, "/");
        assertThat(driver.findElement(By.id("greeting")).getText()).isEqualTo("Hello, " + username);
    }

    private static UserDao users() {
        return Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "").installPlugin(new SqlObjectPlugin())
            .onDemand(UserDao.class);
    }

    private Chromium browser() {
        Chromium browser = Chromium.start();
        browsers.add(browser);
        return browser;
    }

    private void signInWithPassword(WebDriver driver) {
        if (!driver.getCurrentUrl().startsWith(url("/login"))) {
            driver.get(url("/login"));
        }
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("sign-in")).click();
    }

    private static void enterCode(WebDriver driver, String field, String code, String button) {
        WebElement input = wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id(field)));
        input.clear();
        input.sendKeys(code);
        driver.findElement(By.id(button)).click();
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
}
