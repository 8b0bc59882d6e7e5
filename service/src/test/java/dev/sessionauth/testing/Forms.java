package dev.sessionauth.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and fills in the HTML forms of the pages, as a browser without JavaScript would. */
public final class Forms {

    public static final String FORM = "application/x-www-form-urlencoded";

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    private Forms() {
    }

    /** The value of the first {@code _csrf} field of a page. */
    public static String csrfField(String html) {
        Matcher matcher = CSRF_FIELD.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no _csrf field in the page:\n" + html);
        }
        return matcher.group(1);
    }

    /** Form-encodes {@code name, value, name, value, ...}; a null value leaves its field out. */
    public static String encode(String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i + 1] == null) {
                continue;
            }
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }
}
