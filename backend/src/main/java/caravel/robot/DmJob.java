package caravel.robot;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The payload of a DM job.
 *
 * @param tenant whose activity log records the outcome
 * @param relay the relay the message is about, or null
 * @param createdAt the rumor's time, fixed when queued so every retry sends the same rumor
 */
record DmJob(
        String to,
        String message,
        String tenant,
        String relay,
        @JsonProperty("created_at") long createdAt) {}
