/** How far (seconds) a signature's timestamp may be from the receiver's clock. */
export declare const TOLERANCE_SECONDS: number;
/** True when `header` is a fresh, valid signature of `rawBody` under `secret`; never throws. */
export declare function verifyWebhook(
  secret: unknown,
  rawBody: unknown,
  header: unknown,
  nowSeconds?: number,
  toleranceSeconds?: number,
): boolean;
