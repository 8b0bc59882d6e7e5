package dev.sessionauth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} driven through Debian's
 * {@code chromedriver}, both named explicitly so Selenium Manager never downloads anything. Each
 * instance has a fresh profile, so it starts with no cookies, and deletes it on {@link #close()}.
 *
 * <p>Where either program is missing the tests skip with the reason, unless
 * {@code SESSIONAUTH_REQUIRE_BROWSER=true} (CI sets it), where they fail. {@code CHROMIUM} and
 * {@code CHROMEDRIVER} override the paths.
 */
public final class Chromium implements AutoCloseable {

    public static final String REQUIRE = "SESSIONAUTH_REQUIRE_BROWSER";
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final Path profile;
    private final ChromeDriver driver;

    private Chromium() throws IOException {
        profile = Files.createTempDirectory("sessionauth-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-extensions", "--window-size=1100,760", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    /** Skips the calling test class with a reason when Chromium is missing, unless it is required. */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
        String reason = "browser tests need " + BINARY + " and " + DRIVER
            + " (Debian packages chromium and chromium-driver; .ci/run installs them)";
        if (!installed && Boolean.parseBoolean(System.getenv(REQUIRE))) {
            throw new IllegalStateException(REQUIRE + " is set but " + reason);
        }
        Assumptions.assumeTrue(installed, reason);
    }

    /** A new browser with an empty profile. */
    public static Chromium start() {
        try {
            return new Chromium();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** A wait of ten seconds, what every step of a page may take on a loaded machine. */
    public static WebDriverWait waiting(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    /** Waits until the browser shows {@code base + path}, whatever the query. */
    public static void waitForPath(WebDriver driver, String base, String path) {
        waiting(driver).until(d -> {
            String current = d.getCurrentUrl();
            if (current == null || !current.startsWith(base)) {
                return false;
            }
            String rest = current.substring(base.length());
            int query = rest.indexOf('?');
            return (query < 0 ? rest : rest.substring(0, query)).equals(path);
        });
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
