package dev.sessionauth.forward;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Optional;

/**
 * The list of {@code forwardAuth.rules}: every rule is valid, and a violation names the first bad
 * one and what is wrong with it ({@code rules[2]: policy roles needs a list of roles}), so startup
 * fails with one line an operator can act on.
 */
@Documented
@Target({ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidAccessRules.Validator.class)
public @interface ValidAccessRules {

    String message() default "has a bad rule";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Finds the first bad rule. */
    final class Validator implements ConstraintValidator<ValidAccessRules, List<AccessRuleFactory>> {

        @Override
        public boolean isValid(List<AccessRuleFactory> rules, ConstraintValidatorContext context) {
            if (rules == null) {
                return true;
            }
            for (int i = 0; i < rules.size(); i++) {
                Optional<String> problem = rules.get(i) == null ? Optional.of("is empty") : rules.get(i).problem();
                if (problem.isPresent()) {
                    context.disableDefaultConstraintViolation();
                    context.buildConstraintViolationWithTemplate(("has a bad rule: rules[" + i + "]: " + problem.get())
                        .replace("{", "\\{").replace("$", "\\$")).addConstraintViolation();
                    return false;
                }
            }
            return true;
        }
    }
}
