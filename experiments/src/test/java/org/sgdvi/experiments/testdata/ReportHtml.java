package org.sgdvi.experiments.testdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** What a report.html holds, for the tests that check it. */
public final class ReportHtml {

    private ReportHtml() {
    }

    /** The img source of {@code png} shown inline in a report: its bytes as a base64 data URI. */
    public static String inlinePng(Path png) throws IOException {
        return "src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png)) + "\"";
    }
}
