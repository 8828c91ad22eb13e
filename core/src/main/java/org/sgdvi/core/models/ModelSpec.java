package org.sgdvi.core.models;

/**
 * What a zoo network takes and predicts: inputs are flat rows of length C*H*W in (channel, row,
 * column) C order; outputs are probabilities over {@code defaultClasses} classes unless
 * {@link ModelOptions#numClasses()} says otherwise.
 *
 * @param name the zoo name
 * @param channels C
 * @param height H
 * @param width W
 * @param defaultClasses number of classes of the paper's data set for this network
 * @param convolutional whether the network reshapes its input to [C, H, W] images
 * @param description the layers, as the paper and the authors' released code describe them
 */
public record ModelSpec(String name, int channels, int height, int width, int defaultClasses,
                        boolean convolutional, String description) {

    /** C*H*W, the length of one input row. */
    public int inputSize() {
        return channels * height * width;
    }
}
