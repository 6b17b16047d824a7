/**
 * Address-events from dynamic-vision sensors (DVS, DAVIS, ATIS, Prophesee): the in-memory model.
 *
 * <p>An event is {@code (t, x, y, p)}: time in microseconds, pixel column and row, polarity (1 = ON,
 * brighter; 0 = OFF). Events travel as structure-of-arrays {@link org.leinao.events.EventBatch}es of
 * bounded size so that a multi-gigabyte recording streams through a small heap. Formats live in
 * {@code org.leinao.events.format}, transforms in {@code transform}, dense and sparse tensors in
 * {@code represent}, and events synthesised from video in {@code synth}.
 */
package org.leinao.events;
