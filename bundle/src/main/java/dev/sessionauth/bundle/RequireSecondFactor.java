package dev.sessionauth.bundle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method (or every method of a resource class) that only a session at {@code aal2}
 * may reach: one that passed a second factor, within {@link #withinSeconds()} when that is set
 * (step-up: "confirm with your code to continue"). Anything else, once authenticated, is refused
 * with 403 JSON {@code {"code":403,"message":"Second factor required"}}, which a page turns into a
 * prompt for a code ({@link SecondFactors#stepUp}). Checked after authentication and
 * {@code @RolesAllowed}: a request with no session gets their answer first. A request
 * authenticated some other way than a session (an API client's key) has no second factor, and is
 * refused too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequireSecondFactor {

    /** How recent the second factor must be, in seconds; 0 (the default) takes one passed any time in the session. */
    long withinSeconds() default 0;
}
