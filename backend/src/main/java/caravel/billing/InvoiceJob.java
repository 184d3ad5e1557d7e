package caravel.billing;

/**
 * The payload of invoice.issue and invoice.autopay: the invoice to work on. The field name is the queued format, so
 * jobs enqueued by an earlier version still read.
 */
public record InvoiceJob(String invoice) {}
