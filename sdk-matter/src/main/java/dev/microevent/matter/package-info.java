/** Reserved for Matter-ready rooms (onboarding payloads, room manifests, a controller client); no code yet. */
@NullMarked
package dev.microevent.matter;

import org.jspecify.annotations.NullMarked;
