/**
 * The bot shield in front of a drop: per-client and global rate limits ({@link
 * dev.microevent.commerce.shield.RateRule}), ALTCHA proof-of-work challenges ({@link
 * dev.microevent.commerce.shield.PowChallenge}), drop queues ({@link
 * dev.microevent.commerce.shield.DropQueue}) and the signed admission tokens they hand out, over a
 * {@link dev.microevent.commerce.shield.ShieldStore} shared by every instance of the app (in memory
 * or Redis). Configured with {@link dev.microevent.commerce.shield.BotShieldConfig} on the commerce
 * client's builder and reached through {@link dev.microevent.commerce.CommerceClient#botShield()}.
 */
@NullMarked
package dev.microevent.commerce.shield;

import org.jspecify.annotations.NullMarked;
