/** Notification delivery: channels, the outbox worker and its background loop. */
export { DeliveryError, outboundMessage, type DeliveryChannel, type DeliveryReceipt, type OutboundMessage } from './channel.js';
export { logChannel, type LogChannelOptions } from './log-channel.js';
export { webhookChannel, signBody, webhookPayload, SIGNATURE_HEADER, type WebhookChannelOptions } from './webhook-channel.js';
export { smtpChannel, senderDomain, type SmtpChannelOptions } from './smtp-channel.js';
export { resolveMailboxes, inMailDomains, headerText, type MailPolicy, type MailRecipients, type UserMailbox } from './mail-recipients.js';
export { defaultRetryPolicy, retryDelay, type RetryPolicy } from './backoff.js';
export { deliverDue, type ChannelSet, type DeliverDueOptions, type DeliveryRound, type OutboxStore } from './delivery-worker.js';
export { startDeliveryLoop, type DeliveryLoop, type DeliveryLoopOptions } from './delivery-loop.js';
export { deliveryConfigFromEnv, parseAddressBook, parseChannelRoutes, parseMailDomains, type DeliveryConfig, type DeliveryServices } from './config.js';
export { OUTBOX_STATUSES, type OutboxBrowser, type OutboxPage, type OutboxPageQuery, type OutboxStatus, type Notice } from './outbox-browser.js';
