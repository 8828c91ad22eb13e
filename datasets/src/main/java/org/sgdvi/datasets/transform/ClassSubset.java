package org.sgdvi.datasets.transform;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.sgdvi.datasets.ImageDataset;

/**
 * Keeps the examples of the given classes and relabels them 0..k-1 in the order given: an
 * example of class {@code classes[j]} gets label j. E.g. MNIST digits 0-4 for tiny-fc
 * (the paper's Fig. 3 setup; 30,596 training images of the full 60,000).
 */
public final class ClassSubset {
    private ClassSubset() {
    }

    /**
     * @param data    the data set
     * @param classes distinct classes of {@code data}, in the order of their new labels
     * @return the examples of those classes, in their original order, relabelled
     * @throws IllegalArgumentException if a class is out of range or repeated
     */
    public static ImageDataset apply(ImageDataset data, int[] classes) {
        if (classes.length == 0) {
            throw new IllegalArgumentException("class subset of " + data.name() + " is empty");
        }
        int[] newLabel = new int[data.numClasses()];
        Arrays.fill(newLabel, -1);
        for (int j = 0; j < classes.length; j++) {
            int c = classes[j];
            if (c < 0 || c >= data.numClasses()) {
                throw new IllegalArgumentException("class " + c + " is not a class of " + data.name()
                        + " (classes 0.." + (data.numClasses() - 1) + ")");
            }
            if (newLabel[c] >= 0) {
                throw new IllegalArgumentException("class " + c + " appears twice in the class subset "
                        + Arrays.toString(classes));
            }
            newLabel[c] = j;
        }
        int[] labels = data.labels();
        int[] keep = IntStream.range(0, labels.length).filter(i -> newLabel[labels[i]] >= 0).toArray();
        ImageDataset sub = data.subset(keep);
        int[] relabelled = new int[keep.length];
        for (int j = 0; j < keep.length; j++) {
            relabelled[j] = newLabel[labels[keep[j]]];
        }
        return ImageDataset.ofOwned(data.name(), data.channels(), data.height(), data.width(), classes.length,
                sub.images(), relabelled);
    }

    /**
     * @param classes the classes kept
     * @return provenance text, e.g. "classes 0,1,2,3,4 relabelled 0..4"
     */
    public static String describe(int[] classes) {
        return "classes " + Arrays.stream(classes).mapToObj(String::valueOf).collect(Collectors.joining(","))
                + " relabelled 0.." + (classes.length - 1);
    }
}
