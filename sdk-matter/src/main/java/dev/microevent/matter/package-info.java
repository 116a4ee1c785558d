/**
 * Matter-ready rooms: onboarding payloads (QR {@code MT:} codes and manual pairing codes: parse,
 * generate, validate, see {@link dev.microevent.matter.QrCode} and {@link
 * dev.microevent.matter.ManualCode}) and room manifests (rooms, the devices each room expects and
 * their role, the controller endpoint: {@link dev.microevent.matter.RoomManifest}).
 *
 * <p>Every value type here is immutable and thread-safe. Bad input always ends in a typed {@link
 * dev.microevent.matter.PayloadException} or {@link dev.microevent.matter.ManifestException}.
 */
@NullMarked
package dev.microevent.matter;

import org.jspecify.annotations.NullMarked;
