package peer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A peer for {@code benchmarks/http-load.sh}: Spring Boot with Spring Session on Redis and Spring
 * Security, as a team would set them up for a JSON API. {@code POST /auth/login} signs in and
 * stores the security context in the Redis-backed HTTP session; {@code GET /auth/profile} answers
 * {@code {"id":1,"username":"ada"}} for that session's cookie. A benchmark peer, not a deployment:
 * one user, kept in memory, with a plain-text password.
 */
@SpringBootApplication
@RestController
public class PeerApplication {

    /** What {@code /auth/profile} answers, in the order the service answers it. */
    record Profile(long id, String username) {}

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final AuthenticationManager manager;

    PeerApplication(@Lazy AuthenticationManager manager) {
        this.manager = manager;
    }

    public static void main(String[] args) {
        SpringApplication.run(PeerApplication.class, args);
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("ada").password("correct-horse").roles("USER").build());
    }

    @Bean
    @SuppressWarnings("deprecation") // NoOpPasswordEncoder: the peer's login is not what is measured
    AuthenticationManager authenticationManager(UserDetailsService users) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(NoOpPasswordEncoder.getInstance());
        return new ProviderManager(provider);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
            .csrf(csrf -> csrf.ignoringRequestMatchers("/auth/login"))
            .securityContext(context -> context.securityContextRepository(contexts))
            .authorizeHttpRequests(requests -> requests
                .requestMatchers("/ping", "/auth/login").permitAll()
                .anyRequest().authenticated())
            .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> response.sendError(401)))
            .build();
    }

    @GetMapping("/ping")
    String ping() {
        return "pong";
    }

    @PostMapping("/auth/login")
    Profile login(@RequestBody Map<String, String> body, HttpServletRequest request, HttpServletResponse response) {
        Authentication authentication = manager.authenticate(
            UsernamePasswordAuthenticationToken.unauthenticated(body.get("username"), body.get("password")));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        contexts.saveContext(context, request, response);
        return new Profile(1, authentication.getName());
    }

    @GetMapping("/auth/profile")
    Profile profile(Authentication authentication) {
        return new Profile(1, authentication.getName());
    }
}
