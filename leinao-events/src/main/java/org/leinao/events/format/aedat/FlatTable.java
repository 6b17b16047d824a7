package org.leinao.events.format.aedat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked view of one FlatBuffers table (little-endian, see the FlatBuffers "Internals"
 * documentation: a table starts with a signed offset back to its vtable; the vtable lists the byte
 * offset of each field, 0 meaning "absent, use the default").
 *
 * <p>Generated FlatBuffers accessors trust every offset; files from disk must not be trusted, so
 * each offset here is checked against the buffer and a corrupt one becomes an
 * {@link IllegalStateException} with the reason, which callers turn into a located format error.
 */
final class FlatTable {

    private final ByteBuffer bb;
    private final int table;
    private final int vtable;
    private final int vtableSize;

    private FlatTable(ByteBuffer bb, int table) {
        this.bb = bb;
        this.table = table;
        check(table, 4, "table");
        int vt = table - bb.getInt(table);
        check(vt, 4, "vtable");
        int size = Short.toUnsignedInt(bb.getShort(vt));
        if (size < 4 || (size & 1) != 0) {
            throw new IllegalStateException("vtable size " + size + " (expected an even number >= 4)");
        }
        check(vt, size, "vtable");
        this.vtable = vt;
        this.vtableSize = size;
    }

    /**
     * Opens the root table of the buffer {@code [0, limit)} of {@code bb}, which must carry the
     * 4-character file identifier {@code ident}; a leading 32-bit size prefix is recognised.
     */
    static FlatTable root(ByteBuffer bb, String ident) {
        bb.order(ByteOrder.LITTLE_ENDIAN);
        int base = 0;
        if (bb.limit() >= 12 && !hasIdent(bb, 4, ident) && hasIdent(bb, 8, ident)) {
            base = 4; // size-prefixed buffer, as DV writes them
        }
        if (bb.limit() < base + 8 || !hasIdent(bb, base + 4, ident)) {
            throw new IllegalStateException("missing FlatBuffers identifier '" + ident + "'");
        }
        long root = base + Integer.toUnsignedLong(bb.getInt(base));
        if (root > bb.limit() - 4) {
            throw new IllegalStateException("root offset " + root + " outside the buffer of " + bb.limit());
        }
        return new FlatTable(bb, (int) root);
    }

    private static boolean hasIdent(ByteBuffer bb, int at, String ident) {
        for (int i = 0; i < 4; i++) {
            if (bb.get(at + i) != (byte) ident.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void check(long pos, long len, String what) {
        if (pos < 0 || len < 0 || pos + len > bb.limit()) {
            throw new IllegalStateException(what + " at " + pos + " (+" + len + ") outside the buffer of "
                    + bb.limit() + " bytes");
        }
    }

    /** Absolute position of field {@code slot}, or 0 when absent. */
    int fieldPos(int slot, int width) {
        int entry = 4 + 2 * slot;
        if (entry + 2 > vtableSize) {
            return 0;
        }
        int off = Short.toUnsignedInt(bb.getShort(vtable + entry));
        if (off == 0) {
            return 0;
        }
        check(table + off, width, "field " + slot);
        return table + off;
    }

    int getInt(int slot, int def) {
        int p = fieldPos(slot, 4);
        return p == 0 ? def : bb.getInt(p);
    }

    long getLong(int slot, long def) {
        int p = fieldPos(slot, 8);
        return p == 0 ? def : bb.getLong(p);
    }

    /** Absolute position of the struct stored inline in field {@code slot}, or 0. */
    int struct(int slot, int size) {
        return fieldPos(slot, size);
    }

    private int indirect(int slot) {
        int p = fieldPos(slot, 4);
        if (p == 0) {
            return 0;
        }
        long target = p + Integer.toUnsignedLong(bb.getInt(p));
        check(target, 4, "reference of field " + slot);
        return (int) target;
    }

    String getString(int slot) {
        int s = indirect(slot);
        if (s == 0) {
            return null;
        }
        int len = bb.getInt(s);
        check(s + 4L, Integer.toUnsignedLong(len), "string");
        byte[] bytes = new byte[len];
        bb.get(s + 4, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Position of the first element of vector field {@code slot}, and its length; null if absent. */
    int[] vector(int slot, int elementSize) {
        int v = indirect(slot);
        if (v == 0) {
            return null;
        }
        long len = Integer.toUnsignedLong(bb.getInt(v));
        check(v + 4L, len * elementSize, "vector of " + len + " elements");
        return new int[] {v + 4, (int) len};
    }

    /** The table referenced by element {@code i} of a vector of tables starting at {@code first}. */
    FlatTable tableAt(int first, int i) {
        int p = first + 4 * i;
        long target = p + Integer.toUnsignedLong(bb.getInt(p));
        check(target, 4, "table element " + i);
        return new FlatTable(bb, (int) target);
    }

    ByteBuffer buffer() {
        return bb;
    }
}
