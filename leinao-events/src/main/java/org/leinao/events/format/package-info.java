/**
 * Event-camera file formats: the {@link org.leinao.events.format.EventFormat} catalogue, detection by
 * magic bytes ({@link org.leinao.events.format.FormatDetector}), and the streaming
 * {@link org.leinao.events.format.EventReader} / {@link org.leinao.events.format.EventWriter}
 * contracts. One sub-package per vendor family holds the codecs.
 */
package org.leinao.events.format;
