package org.sgdvi.core.trajectory;

import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.ChannelIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file holding floating-point numbers (format versions 1.0,
 * 2.0 and 3.0): element type, memory order and shape, and where the data begin.
 *
 * <p>Layout (numpy.lib.format): the 6 magic bytes {@code \x93NUMPY}, major and minor version
 * bytes, the header length as a little-endian unsigned 16-bit (version 1) or 32-bit (versions
 * 2 and 3) integer, then an ASCII Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1000, 917), }} padded with spaces
 * and a newline so that the data start at a multiple of 64 bytes.
 *
 * <p>Only float32 and float64 in either byte order are accepted ({@code <f4 >f4 <f8 >f8});
 * anything else is rejected with a message naming the file and the field. This parser exists
 * because {@code Nd4j.createFromNpyFile} (1.0.0-M2.1) reads Fortran-order files as if they
 * were C order (silently transposed values) and aborts the JVM on big-endian files.
 *
 * @param elementBytes 4 (float32) or 8 (float64)
 * @param byteOrder    byte order of the stored numbers
 * @param fortranOrder true when the data are stored column-major ({@code fortran_order: True})
 * @param shape        the array's shape (empty for a scalar)
 * @param dataOffset   byte offset of the first element
 */
public record NpyHeader(int elementBytes, ByteOrder byteOrder, boolean fortranOrder, long[] shape,
                        long dataOffset) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Validates the fields. */
    public NpyHeader {
        if (elementBytes != 4 && elementBytes != 8) {
            throw new IllegalArgumentException("elementBytes must be 4 or 8, got " + elementBytes);
        }
        shape = shape.clone();
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
    }

    /** The shape (a copy). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** Number of data bytes: {@code elementCount() * elementBytes()}. */
    public long dataBytes() {
        return Math.multiplyExact(elementCount(), elementBytes);
    }

    /** The numpy type string, e.g. {@code <f4}. */
    public String descr() {
        return (byteOrder == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + "f" + elementBytes;
    }

    /**
     * The header of a little-endian C-order array written by this toolkit.
     *
     * @param elementBytes 4 for float32, 8 for float64
     */
    public static NpyHeader littleEndianC(int elementBytes, long... shape) {
        NpyHeader draft = new NpyHeader(elementBytes, ByteOrder.LITTLE_ENDIAN, false, shape, 0);
        return new NpyHeader(elementBytes, ByteOrder.LITTLE_ENDIAN, false, shape, draft.encode().length);
    }

    /** The header bytes in format version 1.0, padded so that the data start at a multiple of 64. */
    public byte[] encode() {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]);
            if (i < shape.length - 1 || shape.length == 1) {
                dims.append(',');
            }
            if (i < shape.length - 1) {
                dims.append(' ');
            }
        }
        dims.append(')');
        String dict = "{'descr': '" + descr() + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + dims + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        if (total - 10 > 0xFFFF) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too long for a .npy 1.0 header");
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - 10));
        out.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (out.position() < total - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /**
     * Reads and validates the header of {@code file}, and checks that the file is long enough
     * for the declared data.
     *
     * @throws IOException if the file is not a float32/float64 .npy file or is truncated; the
     *                     message names the file and the offending field
     */
    public static NpyHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, file);
        }
    }

    /** Reads the header from an open channel; see {@link #read(Path)}. */
    public static NpyHeader read(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size < 10) {
            throw new IOException(file + " is not a .npy file: it has only " + size + " bytes");
        }
        ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        prefix.limit((int) Math.min(12, size));
        ChannelIo.readFully(channel, prefix, 0, file);
        prefix.flip();
        byte[] magic = new byte[MAGIC.length];
        prefix.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + " is not a .npy file: it does not start with the magic bytes \\x93NUMPY");
        }
        int major = prefix.get() & 0xFF;
        prefix.get();
        long headerLength;
        int lengthBytes;
        if (major == 1) {
            headerLength = prefix.getShort() & 0xFFFF;
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            if (prefix.remaining() < 4) {
                throw new IOException(file + " is truncated inside its .npy header");
            }
            headerLength = prefix.getInt() & 0xFFFFFFFFL;
            lengthBytes = 4;
        } else {
            throw new IOException(file + ": .npy format version " + major + " is not supported (expected 1, 2 or 3)");
        }
        long dataOffset = 8 + lengthBytes + headerLength;
        if (dataOffset > size || headerLength > 1 << 20) {
            throw new IOException(file + " is truncated inside its .npy header (header length "
                    + headerLength + ", file size " + size + ")");
        }
        ByteBuffer dictBytes = ByteBuffer.allocate((int) headerLength);
        ChannelIo.readFully(channel, dictBytes, 8 + lengthBytes, file);
        String dict = new String(dictBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = parseDict(dict, dataOffset, file);
        long needed = dataOffset + header.dataBytes();
        if (size < needed) {
            throw new IOException(file + " is truncated: its header declares shape "
                    + Arrays.toString(header.shape) + " of " + header.descr() + " (" + header.dataBytes()
                    + " data bytes) but only " + (size - dataOffset) + " bytes follow the header");
        }
        return header;
    }

    private static NpyHeader parseDict(String dict, long dataOffset, Path file) throws IOException {
        String descr = field(DESCR, dict, "descr", file);
        ByteOrder order;
        String type;
        if (descr.startsWith("<") || descr.startsWith(">") || descr.startsWith("=") || descr.startsWith("|")) {
            order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN
                    : descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.nativeOrder();
            type = descr.substring(1);
        } else {
            order = ByteOrder.nativeOrder();
            type = descr;
        }
        int bytes;
        if (type.equals("f4")) {
            bytes = 4;
        } else if (type.equals("f8")) {
            bytes = 8;
        } else {
            throw new IOException(file + ": field 'descr' is '" + descr
                    + "', expected a float32 or float64 array ('<f4', '<f8', '>f4' or '>f8')");
        }
        String fortran = field(FORTRAN, dict, "fortran_order", file);
        if (!fortran.equals("True") && !fortran.equals("False")) {
            throw new IOException(file + ": field 'fortran_order' is '" + fortran + "', expected True or False");
        }
        String dims = field(SHAPE, dict, "shape", file);
        List<Long> shape = new ArrayList<>();
        for (String part : dims.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            try {
                shape.add(Long.parseLong(p));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": field 'shape' is '(" + dims + ")', expected a tuple of non-negative integers");
            }
        }
        long[] s = shape.stream().mapToLong(Long::longValue).toArray();
        for (long v : s) {
            if (v < 0) {
                throw new IOException(file + ": field 'shape' is '(" + dims + ")', expected non-negative integers");
            }
        }
        return new NpyHeader(bytes, order, fortran.equals("True"), s, dataOffset);
    }

    private static String field(Pattern pattern, String dict, String name, Path file) throws IOException {
        Matcher m = pattern.matcher(dict);
        if (!m.find()) {
            throw new IOException(file + ": the .npy header has no valid field '" + name + "' (header: "
                    + dict.trim() + ")");
        }
        return m.group(1).trim();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.elementBytes == elementBytes && h.byteOrder.equals(byteOrder)
                && h.fortranOrder == fortranOrder && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + elementBytes + (fortranOrder ? 7 : 0) + Long.hashCode(dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader[" + descr() + ", fortranOrder=" + fortranOrder + ", shape=" + Arrays.toString(shape)
                + ", dataOffset=" + dataOffset + "]";
    }
}
