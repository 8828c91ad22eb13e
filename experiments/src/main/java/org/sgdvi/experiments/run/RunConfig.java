package org.sgdvi.experiments.run;

import java.time.Instant;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sgdvi.core.models.TrainableLayout;
import org.sgdvi.experiments.env.BackendInfo;

/**
 * The common head of every {@code config.json}: the command and its arguments, when it was created,
 * the toolkit, DL4J and Java versions, and the ND4J backend and device. A command's config record
 * puts it first with {@code @JsonUnwrapped} and adds its own fields (request, data provenance, ...).
 *
 * @param command   the command name
 * @param arguments the command's arguments as given
 * @param created   the creation time (ISO-8601)
 * @param versions  the software versions
 * @param backend   the ND4J backend and BLAS in use
 */
public record RunConfig(String command, List<String> arguments, String created, Versions versions,
                        BackendInfo backend) {

    /**
     * The versions a run was made with.
     *
     * @param toolkit this toolkit's version
     * @param dl4j    Deeplearning4j's version
     * @param java    the JVM's version
     */
    public record Versions(String toolkit, String dl4j, String java) {

        /** The versions of this process. */
        public static Versions current() {
            return new Versions(org.sgdvi.experiments.env.Versions.toolkit(), org.sgdvi.experiments.env.Versions.dl4j(),
                    System.getProperty("java.version"));
        }
    }

    /**
     * config.json's {@code "model"}: the zoo network a run trains.
     *
     * @param name             the zoo name
     * @param trainableWeights the trainable weights d (BatchNorm running statistics excluded)
     * @param totalParams      every parameter DL4J holds
     */
    public record Network(String name, long trainableWeights, long totalParams) {

        /** The summary of {@code net}, built from the zoo's {@code name}. */
        public static Network of(String name, MultiLayerNetwork net) {
            return new Network(name, TrainableLayout.of(net).trainableCount(), net.numParams());
        }
    }

    /** The head of a config.json written now by {@code command} with {@code arguments}. */
    public static RunConfig of(String command, List<String> arguments) {
        return new RunConfig(command, arguments, Instant.now().toString(), Versions.current(), BackendInfo.current());
    }
}
