package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bundle's README shows the example application as it is: every code block marked
 * {@code <!-- file: path -->} is that file of this module, whole, so the page cannot rot while the
 * example compiles and {@link HostContract} runs it on every store.
 */
class ReadmeExampleTest {

    private static final Pattern QUOTED = Pattern.compile("<!-- file: (\\S+) -->\\n```\\w*\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyQuotedFileIsQuotedExactly() throws IOException {
        Map<String, String> quoted = quotedFiles();

        assertThat(quoted.keySet()).contains(
            "src/test/resources/example.yml",
            "src/test/java/dev/sessionauth/bundle/example/ExampleConfiguration.java",
            "src/test/java/dev/sessionauth/bundle/example/ExampleApplication.java",
            "src/test/java/dev/sessionauth/bundle/example/LoginResource.java",
            "src/test/java/dev/sessionauth/bundle/example/Members.java",
            "src/test/java/dev/sessionauth/bundle/example/MemberResource.java",
            "src/test/java/dev/sessionauth/bundle/example/ApiResource.java",
            "src/test/java/dev/sessionauth/bundle/example/MemberFactors.java",
            "src/test/java/dev/sessionauth/bundle/example/SecondFactorResource.java",
            "src/test/java/dev/sessionauth/bundle/example/MemberPasskeys.java",
            "src/test/java/dev/sessionauth/bundle/example/PasskeyResource.java");
        for (Map.Entry<String, String> file : quoted.entrySet()) {
            assertThat(file.getValue()).as(file.getKey()).isEqualTo(Files.readString(Path.of(file.getKey())));
        }
    }

    private static Map<String, String> quotedFiles() throws IOException {
        Matcher matcher = QUOTED.matcher(Files.readString(Path.of("README.md")));
        Map<String, String> quoted = new LinkedHashMap<>();
        while (matcher.find()) {
            quoted.put(matcher.group(1), matcher.group(2));
        }
        return quoted;
    }
}
