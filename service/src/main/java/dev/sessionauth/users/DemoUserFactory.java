package dev.sessionauth.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code demoUsers}: a user created at startup when no user of that name exists.
 * For development configurations only; a production configuration lists none and adds users with
 * the {@code add-user} command.
 */
public class DemoUserFactory {

    @NotBlank
    @Size(max = 255)
    private String username;

    @NotBlank
    private String password;

    @NotNull
    private List<String> roles = new ArrayList<>();

    @JsonProperty
    public String getUsername() {
        return username;
    }

    @JsonProperty
    public void setUsername(String username) {
        this.username = username;
    }

    @JsonProperty
    public String getPassword() {
        return password;
    }

    @JsonProperty
    public void setPassword(String password) {
        this.password = password;
    }

    @JsonProperty
    public List<String> getRoles() {
        return roles;
    }

    @JsonProperty
    public void setRoles(List<String> roles) {
        this.roles = roles;
    }
}
