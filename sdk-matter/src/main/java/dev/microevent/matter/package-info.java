/** Matter-ready rooms: onboarding payloads, room manifests and controller client. */
@NullMarked
package dev.microevent.matter;

import org.jspecify.annotations.NullMarked;
