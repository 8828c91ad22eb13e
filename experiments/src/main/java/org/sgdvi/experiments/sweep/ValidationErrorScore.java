package org.sgdvi.experiments.sweep;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;

/**
 * Arbiter's score of a trial: the validation error (fraction misclassified, inference mode) of its
 * last finite epoch, to be minimized. The "model" Arbiter hands over is the trial's {@link LedgerEntry};
 * the data arguments are unused (each trial loads its data itself).
 */
public final class ValidationErrorScore implements ScoreFunction {

    @Override
    public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
        return ((LedgerEntry) model).validationError();
    }

    @Override
    public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
        return ((LedgerEntry) model).validationError();
    }

    @Override
    public boolean minimize() {
        return true;
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(LedgerEntry.class);
    }

    @Override
    public List<Class<?>> getSupportedDataTypes() {
        return List.of(Object.class);
    }
}
