package dev.microevent.testkit.matter;

/**
 * One command the fake Matter Server received.
 *
 * @param messageId the client's {@code message_id}
 * @param command the command name, e.g. {@code device_command}
 * @param args the {@code args} object as JSON text ({@code {}} when absent)
 */
public record RecordedMatterCommand(String messageId, String command, String args) {}
