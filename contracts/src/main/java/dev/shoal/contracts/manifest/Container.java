package dev.shoal.contracts.manifest;

/** How a rendition's segments are packaged. The code is the canonical encoding's byte; it never changes. */
public enum Container {
    MPEG_TS(0, "ts"),
    FMP4(1, "fmp4");

    private final int code;
    private final String jsonName;

    Container(int code, String jsonName) {
        this.code = code;
        this.jsonName = jsonName;
    }

    public int code() {
        return code;
    }

    public String jsonName() {
        return jsonName;
    }

    public static Container fromCode(int code) {
        for (Container c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    public static Container fromJsonName(String name) {
        for (Container c : values()) {
            if (c.jsonName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
