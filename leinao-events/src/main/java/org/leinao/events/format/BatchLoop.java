package org.leinao.events.format;

import java.io.IOException;
import org.leinao.events.EventBatch;

/**
 * The loop behind {@link EventReader#forEachBatch} for readers that lend a batch they fill with
 * {@link EventReader#read}: the interface's default (a new batch per call) and
 * {@link ChannelEventReader} (one batch kept for later calls) differ only in where the batch comes
 * from.
 */
final class BatchLoop {

    private BatchLoop() {
    }

    /** Reads {@code r} into {@code b} until the end, handing each batch to {@code action}; the event count. */
    static long drain(EventReader r, EventBatch b, EventReader.BatchConsumer action) throws IOException {
        long n = 0;
        while (r.read(b) > 0) {
            action.accept(b);
            n += b.size();
        }
        return n;
    }
}
