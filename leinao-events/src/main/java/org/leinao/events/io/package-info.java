/**
 * Byte-level input and output shared by the format readers and writers: a bounded read buffer over a
 * file channel that knows the absolute offset of every byte (for located errors), and the one
 * exception type that every malformed file turns into.
 */
package org.leinao.events.io;
