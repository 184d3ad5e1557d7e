package caravel.testing;

import caravel.jobs.JobHandler;
import caravel.zooid.ZooidClient;

/**
 * Wraps what provisioning is made of as the backend builds it, so a test or a benchmark can replace or time it from
 * outside: the zooid client relay code calls, and the handler of provisioning and sync jobs. Each part is left as
 * built unless overridden.
 */
public interface ProvisioningProbe {
    default ZooidClient zooid(ZooidClient client) {
        return client;
    }

    default JobHandler provisioningJobs(JobHandler handler) {
        return handler;
    }
}
