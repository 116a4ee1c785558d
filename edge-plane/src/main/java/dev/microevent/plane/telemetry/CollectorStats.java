package dev.microevent.plane.telemetry;

/**
 * What a {@link TelemetryCollector} did so far, for status pages and tests.
 *
 * @param spansSeen spans offered (kept or not)
 * @param spansKept spans kept by the sampling policy
 * @param spansRejected spans refused as malformed (OTLP partial success)
 * @param batchesSealed batches sealed into the spool
 * @param batchesUploaded batches the store acknowledged
 * @param batchesDropped batches dropped unsent (spool full, oldest first; or a batch larger than it)
 * @param spansDropped kept spans in the dropped batches
 * @param uploadFailures upload attempts that failed (each left its batch in the spool)
 * @param spooledBatches batches waiting in the spool now
 * @param spooledBytes bytes waiting in the spool now
 * @param lastUploadError the last upload failure's message, empty if none since the last success
 */
public record CollectorStats(
    long spansSeen,
    long spansKept,
    long spansRejected,
    long batchesSealed,
    long batchesUploaded,
    long batchesDropped,
    long spansDropped,
    long uploadFailures,
    int spooledBatches,
    long spooledBytes,
    String lastUploadError) {}
