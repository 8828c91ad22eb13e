package org.sgdvi.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The toolkit's one codec for NumPy {@code .npy} files: header parsing and formatting, whole-file
 * reads into ND4J arrays or Java arrays, streaming element reads, and atomic writes.
 *
 * <p>Format (numpy.lib.format, versions 1.0, 2.0 and 3.0): the 6 magic bytes {@code \x93NUMPY},
 * major and minor version bytes, the header length as a little-endian unsigned 16-bit (version 1)
 * or 32-bit (versions 2 and 3) integer, then an ASCII (version 3: UTF-8) Python dict literal such
 * as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1000, 917), }} padded with spaces
 * and a newline so that the data start at a multiple of 64 bytes; the data follow, in C
 * (row-major) or Fortran (column-major) order.
 *
 * <p>Accepted element types ({@link DType}): {@code <f4 <f8 <i4 <i8 |b1 |u1 |i1 <i2}, the
 * multi-byte ones also big-endian ({@code >}) or native ({@code =}, read as little-endian). Every
 * other dtype (complex, object, unicode, structured, ...) is refused from the header with one
 * sentence naming the file, the dtype and the accepted ones, before any data is read. This codec
 * replaces {@code Nd4j.createFromNpyFile} (1.0.0-M2.1), which reads Fortran-order files as if
 * they were C order (silently transposed values) and aborts the JVM on big-endian and on
 * complex, object or unicode files.
 *
 * <p>Writes are little-endian, C order, format 1.0 (2.0 when the header would not fit in 64 KiB),
 * byte-for-byte what {@code numpy.save} writes, and go through {@link AtomicFiles}.
 */
public final class Npy {

    /** The accepted dtypes, as the refusal of any other one names them. */
    public static final String ACCEPTED = "'<f4', '<f8', '<i4', '<i8', '|b1', '|u1', '|i1' or '<i2' "
            + "(float32 or float64 data, integer or boolean labels; '>' big-endian variants too)";

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern STRUCTURED = Pattern.compile("'descr'\\s*:\\s*\\[");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int BLOCK_BYTES = 4 << 20;
    private static final int MAX_JAVA_ARRAY = Integer.MAX_VALUE - 8;

    private Npy() {
    }

    /** A file whose content is not an accepted {@code .npy} (bad magic, dtype, shape, truncated). */
    public static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        /** @param message one sentence naming the file and the field */
        public FormatException(String message) {
            super(message);
        }
    }

    /** The element types this codec reads and writes. */
    public enum DType {
        FLOAT32("f4", 4, DataType.FLOAT),
        FLOAT64("f8", 8, DataType.DOUBLE),
        INT32("i4", 4, DataType.INT),
        INT64("i8", 8, DataType.LONG),
        BOOL("b1", 1, DataType.BOOL),
        UINT8("u1", 1, DataType.UBYTE),
        INT8("i1", 1, DataType.BYTE),
        INT16("i2", 2, DataType.SHORT);

        private final String code;
        private final int bytes;
        private final DataType nd4j;

        DType(String code, int bytes, DataType nd4j) {
            this.code = code;
            this.bytes = bytes;
            this.nd4j = nd4j;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }

        /** The ND4J data type of arrays read with this dtype. */
        public DataType nd4j() {
            return nd4j;
        }

        /** The numpy type string in {@code order}: {@code <f4}, {@code >i8}, {@code |u1}. */
        public String descr(ByteOrder order) {
            if (bytes == 1) {
                return "|" + code;
            }
            return (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + code;
        }

        /** The dtype that stores ND4J's {@code type}, or null if none does. */
        public static DType of(DataType type) {
            for (DType d : values()) {
                if (d.nd4j == type) {
                    return d;
                }
            }
            return null;
        }

        /** Reads one element at the buffer's position (in the buffer's byte order) as a double. */
        double get(ByteBuffer b) {
            return switch (this) {
                case FLOAT32 -> b.getFloat();
                case FLOAT64 -> b.getDouble();
                case INT32 -> b.getInt();
                case INT64 -> b.getLong();
                case BOOL -> b.get() != 0 ? 1 : 0;
                case UINT8 -> b.get() & 0xFF;
                case INT8 -> b.get();
                case INT16 -> b.getShort();
            };
        }
    }

    /**
     * The header of a {@code .npy} file.
     *
     * @param dtype        element type
     * @param byteOrder    byte order of the stored numbers (little-endian for one-byte types)
     * @param fortranOrder true when the data are stored column-major ({@code fortran_order: True})
     * @param shape        the array's shape (empty for a scalar)
     * @param dataOffset   byte offset of the first element
     */
    public record Header(DType dtype, ByteOrder byteOrder, boolean fortranOrder, long[] shape, long dataOffset) {

        /** Validates the fields. */
        public Header {
            if (dtype == null || byteOrder == null) {
                throw new IllegalArgumentException("dtype and byteOrder are required");
            }
            shape = shape.clone();
            for (long s : shape) {
                if (s < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
            }
        }

        /** The header of a little-endian C-order array as this toolkit writes it (data offset included). */
        public static Header of(DType dtype, long... shape) {
            Header draft = new Header(dtype, ByteOrder.LITTLE_ENDIAN, false, shape, 0);
            return new Header(dtype, ByteOrder.LITTLE_ENDIAN, false, shape, draft.encode().length);
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

        /** Number of data bytes. */
        public long dataBytes() {
            return Math.multiplyExact(elementCount(), dtype.bytes());
        }

        /** The numpy type string, e.g. {@code <f4}. */
        public String descr() {
            return dtype.descr(byteOrder);
        }

        /**
         * The header bytes (format 1.0, or 2.0 when the dict does not fit in 65535 bytes), padded with
         * spaces and a newline so that the data start at a multiple of 64, as {@code numpy.save} does.
         */
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
            byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
            int lengthBytes = 2;
            int total = (MAGIC.length + 2 + lengthBytes + text.length + 1 + 63) / 64 * 64;
            if (total - 10 > 0xFFFF) {
                lengthBytes = 4;
                total = (MAGIC.length + 2 + lengthBytes + text.length + 1 + 63) / 64 * 64;
            }
            ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            out.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
            if (lengthBytes == 2) {
                out.putShort((short) (total - 10));
            } else {
                out.putInt(total - 12);
            }
            out.put(text);
            while (out.position() < total - 1) {
                out.put((byte) ' ');
            }
            out.put((byte) '\n');
            return out.array();
        }

        /**
         * Reads and validates the header of {@code file}, and checks that the file holds the
         * declared data.
         *
         * @throws FormatException if the file is not an accepted .npy or is truncated (one sentence
         *                         naming the file and the field)
         */
        public static Header read(Path file) throws IOException {
            try (FileChannel channel = open(file)) {
                return read(channel, file);
            }
        }

        /** Reads the header from an open channel; see {@link #read(Path)}. */
        public static Header read(FileChannel channel, Path file) throws IOException {
            long size = channel.size();
            if (size < 10) {
                throw new FormatException(file + " is not a .npy file: it has only " + size + " bytes");
            }
            ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            prefix.limit((int) Math.min(12, size));
            ChannelIo.readFully(channel, prefix, 0, file);
            prefix.flip();
            byte[] magic = new byte[MAGIC.length];
            prefix.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new FormatException(file + " is not a .npy file: it does not start with the magic bytes \\x93NUMPY");
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
                    throw new FormatException(file + " is truncated inside its .npy header");
                }
                headerLength = prefix.getInt() & 0xFFFFFFFFL;
                lengthBytes = 4;
            } else {
                throw new FormatException(file + ": .npy format version " + major
                        + " is not supported (expected 1, 2 or 3)");
            }
            long dataOffset = 8 + lengthBytes + headerLength;
            if (dataOffset > size || headerLength > 1 << 20) {
                throw new FormatException(file + " is truncated inside its .npy header (header length "
                        + headerLength + ", file size " + size + ")");
            }
            ByteBuffer dictBytes = ByteBuffer.allocate((int) headerLength);
            ChannelIo.readFully(channel, dictBytes, 8 + lengthBytes, file);
            String dict = new String(dictBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header header = parseDict(dict, dataOffset, file);
            long needed = dataOffset + header.dataBytes();
            if (size < needed) {
                throw new FormatException(file + " is truncated: its header declares shape "
                        + Arrays.toString(header.shape) + " of " + header.descr() + " (" + header.dataBytes()
                        + " data bytes) but only " + (size - dataOffset) + " bytes follow the header");
            }
            return header;
        }

        private static Header parseDict(String dict, long dataOffset, Path file) throws IOException {
            Matcher m = DESCR.matcher(dict);
            if (!m.find()) {
                if (STRUCTURED.matcher(dict).find()) {
                    throw new FormatException(file + ": dtype is structured (field 'descr' is a list of fields), "
                            + "which is not supported; expected " + ACCEPTED);
                }
                throw new FormatException(file + ": the .npy header has no valid field 'descr' (header: "
                        + dict.trim() + ")");
            }
            String descr = m.group(1).trim();
            char first = descr.isEmpty() ? ' ' : descr.charAt(0);
            boolean prefixed = first == '<' || first == '>' || first == '=' || first == '|';
            String code = prefixed ? descr.substring(1) : descr;
            // '=' and no prefix mean native order: little-endian on every platform ND4J's CPU backend runs on
            ByteOrder order = first == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            DType dtype = null;
            for (DType d : DType.values()) {
                if (d.code.equals(code)) {
                    dtype = d;
                }
            }
            if (dtype == null || (first == '|' && dtype.bytes() > 1)) {
                throw new FormatException(file + ": dtype '" + descr + "' (field 'descr') is not supported; expected "
                        + ACCEPTED);
            }
            if (dtype.bytes() == 1) {
                order = ByteOrder.LITTLE_ENDIAN;
            }
            String fortran = field(FORTRAN, dict, "fortran_order", file);
            if (!fortran.equals("True") && !fortran.equals("False")) {
                throw new FormatException(file + ": field 'fortran_order' is '" + fortran + "', expected True or False");
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
                long v;
                try {
                    v = Long.parseLong(p);
                } catch (NumberFormatException e) {
                    v = -1;
                }
                if (v < 0) {
                    throw new FormatException(file + ": field 'shape' is '(" + dims
                            + ")', expected a tuple of non-negative integers");
                }
                shape.add(v);
            }
            return new Header(dtype, order, fortran.equals("True"), shape.stream().mapToLong(Long::longValue).toArray(),
                    dataOffset);
        }

        private static String field(Pattern pattern, String dict, String name, Path file) throws IOException {
            Matcher m = pattern.matcher(dict);
            if (!m.find()) {
                throw new FormatException(file + ": the .npy header has no valid field '" + name + "' (header: "
                        + dict.trim() + ")");
            }
            return m.group(1).trim();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Header h && h.dtype == dtype && h.byteOrder.equals(byteOrder)
                    && h.fortranOrder == fortranOrder && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + dtype.hashCode() + (fortranOrder ? 7 : 0) + Long.hashCode(dataOffset);
        }

        @Override
        public String toString() {
            return "Npy.Header[" + descr() + ", fortranOrder=" + fortranOrder + ", shape=" + Arrays.toString(shape)
                    + ", dataOffset=" + dataOffset + "]";
        }
    }

    // ------------------------------------------------------------------ reading

    /** Receives the elements of an array, converted to double, with their C-order (row-major) index. */
    @FunctionalInterface
    public interface ElementVisitor {
        /** Called once per element. */
        void accept(long cIndex, double value);
    }

    /** Opens {@code file} for reading, saying "no such .npy file" when it is missing. */
    public static FileChannel open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such .npy file");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Streams every element of the array in {@code channel} (whose header is {@code header}) to
     * {@code visitor}, in storage order, reading 4 MiB at a time; the visitor gets C-order indices
     * also for Fortran-order files.
     */
    public static void forEachElement(FileChannel channel, Header header, Path file, ElementVisitor visitor)
            throws IOException {
        long total = header.elementCount();
        int eb = header.dtype().bytes();
        long[] shape = header.shape();
        int perBlock = Math.max(1, BLOCK_BYTES / eb);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min((long) perBlock, Math.max(1, total)) * eb)
                .order(header.byteOrder());
        long done = 0;
        while (done < total) {
            int count = (int) Math.min(perBlock, total - done);
            buffer.clear().limit(count * eb);
            ChannelIo.readFully(channel, buffer, header.dataOffset() + done * eb, file);
            buffer.flip();
            for (int e = 0; e < count; e++) {
                long stored = done + e;
                visitor.accept(header.fortranOrder() ? fortranToC(stored, shape) : stored, header.dtype().get(buffer));
            }
            done += count;
        }
    }

    /** The C-order index of the element stored at Fortran-order position {@code f}. */
    private static long fortranToC(long f, long[] shape) {
        long rest = f;
        long c = 0;
        long stride = 1;
        long[] index = new long[shape.length];
        for (int axis = 0; axis < shape.length; axis++) {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            c += index[axis] * stride;
            stride *= shape[axis];
        }
        return c;
    }

    /**
     * Reads a whole {@code .npy} file into a C-order ND4J array of the matching data type
     * ({@link DType#nd4j()}), whatever its byte order and memory order. The data go to off-heap
     * memory 4 MiB at a time, so the Java heap never holds the whole array.
     *
     * @throws NoSuchFileException naming the file when it is missing
     * @throws FormatException     naming the file and the field when it is not an accepted .npy
     */
    public static INDArray read(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            Header h = Header.read(ch, file);
            DType t = h.dtype();
            long n = h.elementCount();
            long[] shape = h.shape();
            if (n == 0) {
                return Nd4j.create(t.nd4j(), shape);
            }
            int eb = t.bytes();
            int perBlock = BLOCK_BYTES / eb;
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(perBlock, n) * eb).order(h.byteOrder());
            INDArray flat = null;
            for (long done = 0; done < n; ) {
                int count = (int) Math.min(perBlock, n - done);
                buffer.clear().limit(count * eb);
                ChannelIo.readFully(ch, buffer, h.dataOffset() + done * eb, file);
                buffer.flip();
                INDArray block = decode(t, buffer, count);
                if (count == n) {
                    flat = block;
                } else {
                    if (flat == null) {
                        flat = Nd4j.createUninitialized(t.nd4j(), new long[] {n}, 'c');
                    }
                    flat.get(NDArrayIndex.interval(done, done + count)).assign(block);
                }
                done += count;
            }
            if (shape.length == 0) {
                return flat.reshape(new long[0]);
            }
            // Fortran order: the stored sequence is the array read column-major
            return h.fortranOrder() ? flat.reshape('f', shape).dup('c') : flat.reshape('c', shape);
        }
    }

    /** The next {@code count} elements of {@code b} (in its byte order) as a 1-D ND4J array of the dtype. */
    private static INDArray decode(DType t, ByteBuffer b, int count) {
        switch (t) {
            case FLOAT32 -> {
                float[] v = new float[count];
                b.asFloatBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case FLOAT64 -> {
                double[] v = new double[count];
                b.asDoubleBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case INT32 -> {
                int[] v = new int[count];
                b.asIntBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case INT64 -> {
                long[] v = new long[count];
                b.asLongBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case INT16 -> {
                short[] v = new short[count];
                b.asShortBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case INT8 -> {
                byte[] v = new byte[count];
                b.get(v);
                return Nd4j.createFromArray(v);
            }
            case UINT8 -> {
                int[] v = new int[count];
                for (int i = 0; i < count; i++) {
                    v[i] = b.get() & 0xFF;
                }
                return Nd4j.createFromArray(v).castTo(DataType.UBYTE);
            }
            default -> {
                boolean[] v = new boolean[count];
                for (int i = 0; i < count; i++) {
                    v[i] = b.get() != 0;
                }
                return Nd4j.createFromArray(v);
            }
        }
    }

    /**
     * Reads a vector (shape (n,), (n, 1) or (1, n)) of any accepted dtype as doubles.
     *
     * @throws FormatException naming the file and the field {@code shape} for any other shape
     */
    public static double[] readVector(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            Header h = Header.read(ch, file);
            long[] shape = h.shape();
            boolean vector = shape.length == 1 || (shape.length == 2 && (shape[0] == 1 || shape[1] == 1));
            if (!vector) {
                throw new FormatException(file + ": field 'shape' is " + Arrays.toString(shape)
                        + ", expected a vector (n,), (n, 1) or (1, n)");
            }
            double[] values = new double[checkedInt(h.elementCount(), file)];
            forEachElement(ch, h, file, (i, x) -> values[(int) i] = x);
            return values;
        }
    }

    /**
     * Reads a 2-D array of any accepted dtype as rows[k][i] in double precision (small files:
     * metadata, scalars).
     */
    public static double[][] readRows(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            Header h = Header.read(ch, file);
            long[] shape = h.shape();
            require2d(shape, file);
            int cols = checkedInt(shape[1], file);
            double[][] rows = new double[checkedInt(shape[0], file)][cols];
            forEachElement(ch, h, file, (i, x) -> rows[(int) (i / cols)][(int) (i % cols)] = x);
            return rows;
        }
    }

    /**
     * Checks that the array holds floating-point numbers (float32 or float64), as trajectories and
     * gradient norms must.
     *
     * @throws FormatException naming the file, the dtype and the field {@code descr} otherwise
     */
    public static void requireFloat(Header header, Path file) throws FormatException {
        if (header.dtype() != DType.FLOAT32 && header.dtype() != DType.FLOAT64) {
            throw new FormatException(file + ": dtype '" + header.descr() + "' (field 'descr') is not a floating-point "
                    + "type; expected float32 or float64 ('<f4', '<f8', '>f4' or '>f8')");
        }
    }

    /**
     * Checks that {@code shape} is 2-D.
     *
     * @throws FormatException naming the file and the field otherwise
     */
    public static void require2d(long[] shape, Path file) throws FormatException {
        if (shape.length != 2) {
            throw new FormatException(file + ": field 'shape' is " + Arrays.toString(shape)
                    + ", expected a 2-D array");
        }
    }

    /**
     * {@code value} as an int index for a Java array.
     *
     * @throws FormatException naming the file when it does not fit
     */
    public static int checkedInt(long value, Path file) throws FormatException {
        if (value > MAX_JAVA_ARRAY) {
            throw new FormatException(file + ": dimension " + value + " is too large for a Java array");
        }
        return (int) value;
    }

    // ------------------------------------------------------------------ writing

    /** Writes the data bytes (little-endian, C order) after the header. */
    @FunctionalInterface
    public interface DataWriter {
        /** Writes exactly {@code header.dataBytes()} bytes to {@code channel}. */
        void write(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code header} then lets {@code data} write the elements, atomically; fails, leaving
     * the old file in place, if {@code data} did not write exactly {@link Header#dataBytes()} bytes.
     */
    public static void write(Path target, Header header, DataWriter data) throws IOException {
        byte[] head = header.encode();
        AtomicFiles.write(target, ch -> {
            ChannelIo.writeFully(ch, ByteBuffer.wrap(head), target);
            data.write(ch);
            long expected = head.length + header.dataBytes();
            if (ch.position() != expected) {
                throw new IOException("wrote " + (ch.position() - head.length) + " data bytes to " + target
                        + " but its header " + header + " declares " + header.dataBytes());
            }
        });
    }

    /**
     * Writes {@code array} in C order of its logical shape, in its own data type (one of
     * {@link DType}), atomically.
     *
     * @throws IllegalArgumentException if no accepted dtype stores the array's data type
     */
    public static void write(Path target, INDArray array) throws IOException {
        DType dtype = DType.of(array.dataType());
        if (dtype == null) {
            throw new IllegalArgumentException("cannot write " + target + ": ND4J data type " + array.dataType()
                    + " has no .npy dtype here; expected FLOAT, DOUBLE, INT, LONG, BOOL, UBYTE, BYTE or SHORT");
        }
        INDArray c = array.ordering() == 'c' && !array.isView() && array.length() == array.data().length()
                ? array : array.dup('c');
        long n = c.length();
        Header header = Header.of(dtype, c.shape());
        DataBuffer data = c.data();
        int eb = dtype.bytes();
        write(target, header, ch -> {
            ByteBuffer block = ByteBuffer.allocate((int) Math.min(BLOCK_BYTES, Math.max(eb, n * eb)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            int perBlock = block.capacity() / eb;
            for (long off = 0; off < n; off += perBlock) {
                int count = (int) Math.min(perBlock, n - off);
                block.clear();
                switch (dtype) {
                    case FLOAT32 -> block.asFloatBuffer().put(data.getFloatsAt(off, count));
                    case FLOAT64 -> block.asDoubleBuffer().put(data.getDoublesAt(off, count));
                    case INT32 -> block.asIntBuffer().put(data.getIntsAt(off, count));
                    case INT64 -> block.asLongBuffer().put(data.getLongsAt(off, count));
                    default -> {
                        for (int e = 0; e < count; e++) {
                            long v = data.getLong(off + e);
                            if (dtype == DType.INT16) {
                                block.putShort(e * 2, (short) v);
                            } else {
                                block.put(e, (byte) v);
                            }
                        }
                    }
                }
                block.position(0).limit(count * eb);
                ChannelIo.writeFully(ch, block, target);
            }
        });
    }

    /** Writes rows[k][i] as a float32 array of shape [rows.length, d]. */
    public static void write(Path target, float[][] rows) throws IOException {
        writeRows(target, DType.FLOAT32, rows.length, k -> rows[k].length, (row, k) -> row.asFloatBuffer().put(rows[k]));
    }

    /** Writes rows[k][i] as a float64 array of shape [rows.length, d]. */
    public static void write(Path target, double[][] rows) throws IOException {
        writeRows(target, DType.FLOAT64, rows.length, k -> rows[k].length, (row, k) -> row.asDoubleBuffer().put(rows[k]));
    }

    /** Writes {@code count} rows of equal length, one at a time, through a row buffer that {@code fill} fills. */
    private static void writeRows(Path target, DType dtype, int count, java.util.function.IntUnaryOperator length,
                                  java.util.function.ObjIntConsumer<ByteBuffer> fill) throws IOException {
        int d = count == 0 ? 0 : length.applyAsInt(0);
        for (int k = 0; k < count; k++) {
            if (length.applyAsInt(k) != d) {
                throw new IllegalArgumentException("cannot write " + target + ": row " + k + " has "
                        + length.applyAsInt(k) + " values but row 0 has " + d);
            }
        }
        write(target, Header.of(dtype, count, d), ch -> {
            ByteBuffer row = ByteBuffer.allocate(dtype.bytes() * d).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < count; k++) {
                row.clear();
                fill.accept(row, k);
                ChannelIo.writeFully(ch, row, target);
            }
        });
    }

    /** Writes a float64 vector of shape [n]. */
    public static void write(Path target, double[] values) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asDoubleBuffer().put(values);
        write(target, Header.of(DType.FLOAT64, values.length), ch -> ChannelIo.writeFully(ch, data, target));
    }
}
