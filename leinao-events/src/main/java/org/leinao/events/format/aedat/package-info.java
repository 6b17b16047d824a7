/**
 * iniVation / jAER formats: AEDAT 2.0 (jAER), AEDAT 3.1 (libcaer) and AEDAT 4.0 (DV, FlatBuffers).
 * Layouts follow iniVation's public "AEDAT file formats" documentation; the AEDAT 4.0 tables follow
 * the schemas published with dv-processing ({@code IOHeader}, {@code EventPacket}, {@code FileDataTable}).
 */
package org.leinao.events.format.aedat;
