package dev.sessionauth.bundle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method (or every method of a resource class) that a session limited to enrolling a
 * second factor may reach: the enrolment itself, and what it needs (the CSRF token, the page that
 * sends the user there). A user the host requires to have a second factor
 * ({@link SecondFactorStorage#isRequired}) who signs in without one gets such a session; every
 * other {@code @Auth} resource answers it 403 JSON {@value SecondFactors#ENROL_FIRST}, until the
 * first code of the new factor moves the session to {@code aal2}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SecondFactorEnrolment {
}
