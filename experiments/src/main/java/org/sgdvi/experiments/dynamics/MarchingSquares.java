package org.sgdvi.experiments.dynamics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Level-set polylines of a function sampled on a rectangular grid (marching squares with linear
 * interpolation on cell edges; ambiguous saddle cells are resolved by the cell-centre average).
 * Segments are chained into polylines through the grid edges they share, so each closed level
 * curve comes back as one polyline whose first and last points coincide.
 */
public final class MarchingSquares {

    private MarchingSquares() {
    }

    /**
     * Polylines of {v = level}; {@code v[i][k]} is the value at (xs[i], ys[k]). Each polyline is
     * {x[], y[]}.
     */
    public static List<double[][]> contours(double[][] v, double[] xs, double[] ys, double level) {
        int nx = xs.length;
        int ny = ys.length;
        if (v.length != nx || v[0].length != ny || nx < 2 || ny < 2) {
            throw new IllegalArgumentException("MarchingSquares: values must be " + nx + "x" + ny
                    + " with at least 2x2 nodes");
        }
        Map<Integer, double[]> points = new HashMap<>();
        List<int[]> segments = new ArrayList<>();
        for (int i = 0; i + 1 < nx; i++) {
            for (int k = 0; k + 1 < ny; k++) {
                List<Integer> cross = new ArrayList<>(4);
                // edges in cyclic order: bottom, right, top, left
                addCrossing(cross, points, hEdge(i, k, ny), v[i][k], v[i + 1][k], xs[i], ys[k], xs[i + 1], ys[k], level);
                addCrossing(cross, points, vEdge(i + 1, k, ny), v[i + 1][k], v[i + 1][k + 1], xs[i + 1], ys[k],
                        xs[i + 1], ys[k + 1], level);
                addCrossing(cross, points, hEdge(i, k + 1, ny), v[i][k + 1], v[i + 1][k + 1], xs[i], ys[k + 1],
                        xs[i + 1], ys[k + 1], level);
                addCrossing(cross, points, vEdge(i, k, ny), v[i][k], v[i][k + 1], xs[i], ys[k], xs[i], ys[k + 1], level);
                if (cross.size() == 2) {
                    segments.add(new int[] {cross.get(0), cross.get(1)});
                } else if (cross.size() == 4) {
                    double centre = 0.25 * (v[i][k] + v[i + 1][k] + v[i + 1][k + 1] + v[i][k + 1]);
                    boolean centreAbove = centre > level;
                    boolean corner00Above = v[i][k] > level;
                    // if the centre agrees with corner (i,k), that corner's region is connected through the
                    // centre, so cut the other two corners off: pair bottom-right and top-left
                    if (centreAbove == corner00Above) {
                        segments.add(new int[] {cross.get(0), cross.get(1)});
                        segments.add(new int[] {cross.get(2), cross.get(3)});
                    } else {
                        segments.add(new int[] {cross.get(0), cross.get(3)});
                        segments.add(new int[] {cross.get(1), cross.get(2)});
                    }
                }
            }
        }
        return chain(segments, points);
    }

    private static int hEdge(int i, int k, int ny) {
        return 2 * (i * ny + k);
    }

    private static int vEdge(int i, int k, int ny) {
        return 2 * (i * ny + k) + 1;
    }

    private static void addCrossing(List<Integer> cross, Map<Integer, double[]> points, int id, double a, double b,
                                    double xa, double ya, double xb, double yb, double level) {
        if ((a > level) == (b > level)) {
            return;
        }
        double t = (level - a) / (b - a);
        points.computeIfAbsent(id, key -> new double[] {xa + t * (xb - xa), ya + t * (yb - ya)});
        cross.add(id);
    }

    private static List<double[][]> chain(List<int[]> segments, Map<Integer, double[]> points) {
        Map<Integer, List<Integer>> byPoint = new HashMap<>();
        for (int s = 0; s < segments.size(); s++) {
            for (int end : segments.get(s)) {
                byPoint.computeIfAbsent(end, key -> new ArrayList<>(2)).add(s);
            }
        }
        boolean[] used = new boolean[segments.size()];
        List<double[][]> lines = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            if (used[s]) {
                continue;
            }
            used[s] = true;
            Deque<Integer> line = new ArrayDeque<>();
            line.add(segments.get(s)[0]);
            line.add(segments.get(s)[1]);
            extend(line, false, segments, byPoint, used);
            extend(line, true, segments, byPoint, used);
            double[] x = new double[line.size()];
            double[] y = new double[line.size()];
            int j = 0;
            for (int id : line) {
                double[] p = points.get(id);
                x[j] = p[0];
                y[j] = p[1];
                j++;
            }
            lines.add(new double[][] {x, y});
        }
        return lines;
    }

    private static void extend(Deque<Integer> line, boolean atFront, List<int[]> segments,
                               Map<Integer, List<Integer>> byPoint, boolean[] used) {
        while (true) {
            int end = atFront ? line.peekFirst() : line.peekLast();
            int next = -1;
            for (int s : byPoint.get(end)) {
                if (!used[s]) {
                    next = s;
                    break;
                }
            }
            if (next < 0) {
                return;
            }
            used[next] = true;
            int[] seg = segments.get(next);
            int other = seg[0] == end ? seg[1] : seg[0];
            if (atFront) {
                line.addFirst(other);
            } else {
                line.addLast(other);
            }
        }
    }
}
