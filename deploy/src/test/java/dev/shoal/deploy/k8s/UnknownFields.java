package dev.shoal.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields the API does not have, found with the typed Java models of the Kubernetes API and the Gateway API
 * (fabric8) and of Strimzi (its own API module): they keep every property they do not know in
 * {@code additionalProperties}, so a misspelled field shows up there instead of passing unnoticed, which
 * the JSON schemas (open to unknown properties, as the Kubernetes OpenAPI is) let through.
 */
final class UnknownFields {

    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("gateway.networking.k8s.io/v1/Gateway", io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class));

    private static final ObjectMapper YAML = new YAMLMapper();

    private UnknownFields() {
    }

    /** One line per unknown field (or unreadable object) of the documents in {@code yaml} whose kind has a model here. */
    static List<String> in(String yaml) throws IOException {
        // a set: some models reach one object through two getters
        Set<String> problems = new LinkedHashSet<>();
        try (var documents = YAML.readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(yaml))) {
            while (documents.hasNext()) {
                JsonNode document = (JsonNode) documents.next();
                Class<?> model = MODELS.get(document.path("apiVersion").asText() + "/" + document.path("kind").asText());
                if (model == null) {
                    continue;
                }
                String name = document.path("kind").asText() + "/" + document.path("metadata").path("name").asText();
                try {
                    walk(YAML.treeToValue(document, model), name, problems);
                } catch (IOException e) {
                    problems.add(name + ": " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        return List.copyOf(problems);
    }

    private static void walk(Object value, String path, Set<String> problems) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object result;
            try {
                result = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (result instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + unknown.keySet());
                }
            } else {
                String property = getter.getName().replaceFirst("^(get|is)", "");
                walk(result, path + "." + Character.toLowerCase(property.charAt(0)) + property.substring(1), problems);
            }
        }
    }
}
