// Stripe's error objects: {"error": {"type", "code", "message", "param", "decline_code"}} with its HTTP statuses.

export class StripeError extends Error {
  /**
   * @param {number} status
   * @param {string} type
   * @param {string} message
   * @param {{ code?: string, param?: string, declineCode?: string }} [details]
   */
  constructor(status, type, message, { code, param, declineCode } = {}) {
    super(message);
    this.status = status;
    this.body = {
      error: {
        type,
        message,
        ...(code ? { code } : {}),
        ...(param ? { param } : {}),
        ...(declineCode ? { decline_code: declineCode } : {}),
      },
    };
  }
}

export const invalid = (message, param) =>
  new StripeError(400, 'invalid_request_error', message, { code: 'parameter_invalid', param });
export const missingParam = (param) =>
  new StripeError(400, 'invalid_request_error', `Missing required param: ${param}.`, {
    code: 'parameter_missing',
    param,
  });
export const noSuch = (kind, id, param = 'id') =>
  new StripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });
export const cardDeclined = () =>
  new StripeError(402, 'card_error', 'Your card was declined.', {
    code: 'card_declined',
    declineCode: 'generic_decline',
  });
