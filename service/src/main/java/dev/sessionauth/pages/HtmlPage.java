package dev.sessionauth.pages;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds {@link PageHeaders} to the resources that answer with pages. */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface HtmlPage {

    /** The media type of every page. */
    String TEXT_HTML_UTF8 = "text/html;charset=UTF-8";
}
