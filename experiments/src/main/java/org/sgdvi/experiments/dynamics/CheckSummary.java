package org.sgdvi.experiments.dynamics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.Checks;

/**
 * The self-checks of a result as results.json states them ({@link Checks}): whether all passed,
 * every check, and the names of the failed ones (absent when all passed).
 *
 * @param valid        whether every check passed
 * @param checks       the checks in order
 * @param failedChecks the names of the failed checks, or null when valid
 */
public record CheckSummary(boolean valid, List<Check> checks,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<String> failedChecks) {

    /** The summary of {@code checks}. */
    public static CheckSummary of(Checks checks) {
        return new CheckSummary(checks.valid(), checks.all(),
                checks.valid() ? null : checks.failed().stream().map(Check::name).toList());
    }
}
