package org.sgdvi.experiments.env;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Versions recorded in every run's config.json. */
public final class Versions {

    private Versions() {
    }

    /** The toolkit's version (jar manifest), or "dev" when run from classes. */
    public static String toolkit() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** DL4J's version from its jar manifest or file name. */
    public static String dl4j() {
        String v = MultiLayerNetwork.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        String loc = String.valueOf(MultiLayerNetwork.class.getProtectionDomain().getCodeSource().getLocation());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("deeplearning4j-nn-([^/]+)\\.jar").matcher(loc);
        return m.find() ? m.group(1) : "unknown";
    }
}
