package io.dpnet.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The dpnet release version, recorded in every saved model so a file says which code wrote it. */
public final class DpnetVersion {
    private static final String UNKNOWN = "unknown";
    private static final String VERSION = read();

    private DpnetVersion() {
    }

    /** The project version, or {@code "unknown"} when the build did not stamp one in. */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = DpnetVersion.class.getResourceAsStream("/io/dpnet/version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            // An unfiltered copy (e.g. run from an IDE without Maven resource filtering) still
            // holds the literal placeholder, which is worse than saying we don't know.
            return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
        } catch (IOException e) {
            // The version is provenance only; never fail a training run or a load over it.
            return UNKNOWN;
        }
    }
}
