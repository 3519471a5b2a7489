package dev.shoal.service.production;

/** One setting a production start refuses: which key, what is wrong with its value, and how to fix it. */
public record Refusal(String key, String problem, String fix) {

    public String message() {
        return key + " " + problem + ": " + fix;
    }
}
