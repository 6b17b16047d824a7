package org.leinao.events.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leinao.events.EventBatch;

class RecyclerTest {

    @TempDir
    Path dir;

    @BeforeEach
    void empty() {
        Recycler.clear();
    }

    @Test
    void aBufferGivenBackIsTakenAgainOnceAndOnlyAtItsSize() {
        byte[] a = Recycler.bytes(4096);
        Recycler.giveBack(a);
        assertThat(Recycler.kept()).isEqualTo(4096);
        assertThat(Recycler.bytes(2048)).isNotSameAs(a).hasSize(2048);
        assertThat(Recycler.bytes(4096)).isSameAs(a);
        assertThat(Recycler.bytes(4096)).isNotSameAs(a);
        assertThat(Recycler.kept()).isZero();
    }

    @Test
    void theBufferGivenBackLastIsTakenFirstAndTheOldestMakeRoom() {
        byte[] a = new byte[500];
        byte[] b = new byte[500];
        Recycler.giveBack(a);
        Recycler.giveBack(b);
        assertThat(Recycler.bytes(500)).isSameAs(b);
        assertThat(Recycler.bytes(500)).isSameAs(a);
        byte[][] given = new byte[Recycler.PER_KEY + 2][];
        for (int i = 0; i < given.length; i++) {
            given[i] = new byte[500];
            Recycler.giveBack(given[i]);
        }
        for (int i = given.length - 1; i >= 2; i--) {
            assertThat(Recycler.bytes(500)).as("kept " + i).isSameAs(given[i]);
        }
        assertThat(Recycler.bytes(500)).as("the two oldest were dropped").isNotSameAs(given[0]).isNotSameAs(given[1]);
    }

    @Test
    void aBatchComesBackEmptyWithItsCapacity() {
        EventBatch b = Recycler.batch(100);
        b.add(5, 1, 2, 1);
        Recycler.giveBack(b);
        EventBatch again = Recycler.batch(100);
        assertThat(again).isSameAs(b);
        assertThat(again.size()).isZero();
        assertThat(again.capacity()).isEqualTo(100);
    }

    @Test
    void keptBuffersAreBoundedPerSizeAndInAll() {
        for (int i = 0; i < Recycler.PER_KEY + 3; i++) {
            Recycler.giveBack(new byte[1000]);
        }
        assertThat(Recycler.kept()).isEqualTo(Recycler.PER_KEY * 1000L);
        Recycler.clear();
        int big = (int) Math.min(Integer.MAX_VALUE - 8, Recycler.budget() / 2 + 1);
        byte[] older = new byte[big];
        byte[] newer = new byte[big];
        Recycler.giveBack(older);
        Recycler.giveBack(newer); // over the budget: the older one makes room
        assertThat(Recycler.kept()).isEqualTo(big);
        assertThat(Recycler.bytes(big)).isSameAs(newer);
        Recycler.giveBack(new byte[big]);
        Recycler.giveBack(new byte[2 * big - 4]); // another size, over the budget whatever is dropped of it: not kept
        assertThat(Recycler.kept()).isEqualTo(big);
        assertThat(Recycler.budget()).isLessThanOrEqualTo(32L << 20)
                .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 16);
    }

    /**
     * A closed input's buffer goes to the next input: the closed one then serves nothing and reads
     * nothing into it, so the next input's bytes stay its own.
     */
    @Test
    void aClosedInputNeitherServesNorWritesTheBufferItGaveBack() throws IOException {
        byte[] one = new byte[3000];
        byte[] two = new byte[3000];
        Arrays.fill(one, (byte) 1);
        Arrays.fill(two, (byte) 2);
        Path p1 = Files.write(dir.resolve("one"), one);
        Path p2 = Files.write(dir.resolve("two"), two);
        ChannelInput first = new ChannelInput(p1, 1024, ByteOrder.LITTLE_ENDIAN);
        first.require(10, "a test");
        first.close();
        first.close(); // once only: the buffer is not given back twice
        assertThat(Recycler.kept()).isEqualTo(1024);
        try (ChannelInput second = new ChannelInput(p2, 1024, ByteOrder.LITTLE_ENDIAN)) {
            assertThat(Recycler.kept()).isZero();
            second.require(1024, "a test");
            assertThat(first.buffer().remaining()).isZero();
            assertThatThrownBy(() -> first.request(1)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> first.prefetch(0, 1000, 1000)).isInstanceOf(ClosedChannelException.class);
            byte[] got = new byte[1024];
            second.buffer().get(got);
            assertThat(got).containsOnly((byte) 2);
        }
        assertThat(Recycler.kept()).isEqualTo(1024);
    }
}
