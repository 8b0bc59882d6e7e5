package dev.sessionauth.bundle;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An IP address or a CIDR range whose prefix fits its family, as {@link TrustedProxies} reads
 * them: {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}. On a list's elements
 * ({@code List<@IpAddressOrRange String>}) a violation names the bad element. Null is valid.
 */
@Documented
@Target({ElementType.FIELD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = IpAddressOrRange.Validator.class)
public @interface IpAddressOrRange {

    String message() default "must be an IP address or a CIDR range whose prefix fits, such as 10.0.0.0/8";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** {@link TrustedProxies#isValid}. */
    final class Validator implements ConstraintValidator<IpAddressOrRange, String> {

        @Override
        public boolean isValid(String entry, ConstraintValidatorContext context) {
            return entry == null || TrustedProxies.isValid(entry);
        }
    }
}
