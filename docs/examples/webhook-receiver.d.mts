import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest body accepted; Caseflow's messages are a few kilobytes. */
export declare const MAX_BODY_BYTES: number;

/** The JSON document of one webhook request. */
export interface WebhookMessage {
  id: number;
  caseId: string;
  eventSeq: number;
  channel: string;
  template: string;
  to: string[];
  subject?: string;
  body: string;
  createdAt: string;
}

/** Which delivery a message came with. */
export interface DeliveryInfo {
  delivery: string;
  attempt: number;
}

/** Deliveries already handled (a `Set`, or a durable store with the same two methods). */
export interface SeenDeliveries {
  has(delivery: string): boolean | Promise<boolean>;
  add(delivery: string): unknown;
}

/** A request listener for `http.createServer` that checks, de-duplicates and hands on each message; never throws. */
export declare function webhookListener(options: {
  secret: string;
  handle: (message: WebhookMessage, info: DeliveryInfo) => unknown;
  seen?: SeenDeliveries;
  now?: () => number;
}): (request: IncomingMessage, response: ServerResponse) => void;
