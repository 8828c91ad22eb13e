package org.sgdvi.datasets.transform;

import org.sgdvi.datasets.ImageDataset;

/**
 * Down-sampling by area averaging: an H x W image becomes side x side, each output pixel the
 * mean of a (H/side) x (W/side) block of input pixels, channel by channel. For MNIST 28 -> 7
 * each output pixel is the mean of a 4x4 block (the 7x7 inputs of small-fc and tiny-fc in the
 * paper's experiments). The side must divide H and W.
 */
public final class AreaDownsample {
    private AreaDownsample() {
    }

    /**
     * @param data the images
     * @param side the output height and width
     * @return a new data set of side x side images, same labels
     * @throws IllegalArgumentException if side does not divide the height and the width
     */
    public static ImageDataset apply(ImageDataset data, int side) {
        int h = data.height();
        int w = data.width();
        if (side <= 0 || h % side != 0 || w % side != 0) {
            throw new IllegalArgumentException("cannot down-sample " + data.name() + " (" + h + "x" + w
                    + ") to " + side + "x" + side + " by area averaging: the side must divide both " + h
                    + " and " + w);
        }
        int fh = h / side;
        int fw = w / side;
        int c = data.channels();
        int n = data.size();
        float[] src = data.images();
        float[] dst = new float[n * c * side * side];
        float inv = 1f / (fh * fw);
        for (int i = 0; i < n * c; i++) {
            int s = i * h * w;
            int d = i * side * side;
            for (int oy = 0; oy < side; oy++) {
                for (int ox = 0; ox < side; ox++) {
                    double sum = 0;
                    for (int y = oy * fh; y < (oy + 1) * fh; y++) {
                        for (int x = ox * fw; x < (ox + 1) * fw; x++) {
                            sum += src[s + y * w + x];
                        }
                    }
                    dst[d + oy * side + ox] = (float) (sum * inv);
                }
            }
        }
        return ImageDataset.ofOwned(data.name(), c, side, side, data.numClasses(), dst, data.labels());
    }

    /**
     * @param side output side
     * @return provenance text
     */
    public static String describe(int side) {
        return "downsample " + side + "x" + side + " (area)";
    }
}
