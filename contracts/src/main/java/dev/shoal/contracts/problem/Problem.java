package dev.shoal.contracts.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * An RFC 7807 problem document ({@code application/problem+json}).
 *
 * @param type       stable URI from {@link ProblemType}
 * @param title      short human summary of the type
 * @param status     HTTP status
 * @param detail     what went wrong with this request, for a person
 * @param instance   the request path
 * @param extensions extra members specific to the type (for example the field that failed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, int status, String detail, String instance) {
        return new Problem(type.uri().toString(), type.title(), status, detail, instance, Map.of());
    }

    public static Problem of(ProblemType type, String detail, String instance) {
        return of(type, type.status(), detail, instance);
    }

    public Problem with(Map<String, Object> more) {
        return new Problem(type, title, status, detail, instance, Map.copyOf(more));
    }

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions == null ? Map.of() : extensions;
    }
}
