/**
 * Edge-plane config sync: the client pulls a versioned configuration document (policies, SLOs,
 * detector parameters, routes, feature flags, oracle rules) with ETag/If-None-Match, validates it
 * fully, applies it atomically, keeps the last good one (also in a file across restarts) and
 * rejects a bad one with a clear error while the old one keeps running.
 */
@NullMarked
package dev.microevent.core.config;

import org.jspecify.annotations.NullMarked;
