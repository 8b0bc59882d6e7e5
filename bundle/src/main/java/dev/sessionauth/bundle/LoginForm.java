package dev.sessionauth.bundle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that accepts a login form and checks that form's own login CSRF token,
 * because the session it will start does not exist yet (or is about to be replaced).
 * {@link CsrfFilter} still refuses a cross-site request to it, but does not ask for the token of a
 * session the request may also carry. A method with this mark that does not check its own token is
 * open to login CSRF.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LoginForm {
}
