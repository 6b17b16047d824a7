/**
 * Prophesee formats: DAT (8-byte CD events) and the RAW encodings EVT 2.0 (32-bit words) and EVT 3.0
 * (16-bit stateful words with vectorised x runs), following Prophesee's public Metavision
 * documentation ("Event Data Formats": DAT, EVT 2.0, EVT 3.0).
 */
package org.leinao.events.format.prophesee;
