package dev.sessionauth.pages;

import io.dropwizard.views.common.View;
import java.nio.charset.StandardCharsets;

/**
 * What every page's template can use: its title, the signed-in user's name (null on the login
 * page), the token its forms post as {@code _csrf}, and one notice or error to show. Templates are
 * Freemarker {@code .ftlh}, so every value is HTML-escaped unless a template says otherwise (none
 * does).
 */
public abstract class Page extends View {

    private final String title;
    private final String username;
    private final String csrfToken;
    private String notice;
    private String error;

    protected Page(String template, String title, String username, String csrfToken) {
        super(template, StandardCharsets.UTF_8);
        this.title = title;
        this.username = username;
        this.csrfToken = csrfToken;
    }

    public String getTitle() {
        return title;
    }

    /** The signed-in user's name; null when nobody is signed in. */
    public String getUsername() {
        return username;
    }

    /** The value of every form's {@code _csrf} field. */
    public String getCsrfToken() {
        return csrfToken;
    }

    /** A message about something that went well; null for none. */
    public String getNotice() {
        return notice;
    }

    /** A message about something the user must fix; null for none. */
    public String getError() {
        return error;
    }

    Page withNotice(String notice) {
        this.notice = notice;
        return this;
    }

    Page withError(String error) {
        this.error = error;
        return this;
    }
}
