package dev.shoal.gateway.fork;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.catalog.MarketplaceUnavailableException;
import dev.shoal.gateway.catalog.NotInCatalogException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.util.Arrays;

/**
 * The marketplace's error answers to fork calls: 404 is "no such (consented) fork"; another refusal (4xx) is passed on
 * to the viewer as the same problem, its type kept when this build knows it; 5xx is a marketplace in trouble.
 */
public class ForkAnswers implements ResponseExceptionMapper<RuntimeException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        if (status == 404) {
            return new NotInCatalogException("the marketplace has no such consented fork");
        }
        if (status >= 500 || status < 400) {
            return new MarketplaceUnavailableException("the marketplace answered " + status);
        }
        return refusal(status, response.hasEntity() ? response.readEntity(String.class) : "");
    }

    /** A marketplace refusal (4xx problem+json) as the gateway's own problem with the marketplace's detail. */
    static ProblemException refusal(int status, String body) {
        String slug = "";
        String detail = "the marketplace refused it (" + status + ")";
        try {
            JsonNode problem = JSON.readTree(body);
            slug = problem.path("type").asText("").replaceFirst("^.*/", "");
            if (problem.hasNonNull("detail")) {
                detail = "the marketplace refused it: " + problem.get("detail").asText();
            }
        } catch (Exception e) {
            // not problem+json: the status says enough
        }
        String wanted = slug;
        ProblemType type = Arrays.stream(ProblemType.values()).filter(t -> t.slug().equals(wanted)).findFirst()
                .orElse(status == 422 ? ProblemType.RECEIPT_REJECTED : ProblemType.forStatus(status));
        return new ProblemException(type, detail);
    }
}
