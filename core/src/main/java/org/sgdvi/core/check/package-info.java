/**
 * Self-checks of numerical results: every result carries checks ({@link org.sgdvi.core.check.Check})
 * whose tolerances are derived from the machine epsilon and the problem size in one place
 * ({@link org.sgdvi.core.check.Checks}); a result that fails one is recorded as invalid and never
 * reported ({@link org.sgdvi.core.check.CheckFailedException}, exit code 1).
 */
package org.sgdvi.core.check;
