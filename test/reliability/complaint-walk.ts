/**
 * The complaint walk the crash tests drive over HTTP: the registration of the `n`th complaint,
 * its four steps, and what the client records of an acknowledged event.
 */

/** The four steps after registration: reply, propose a small refund, resolve, satisfied callback. */
export const STEPS = [
  { type: 'reply', input: { message: 'We are looking into it.' } },
  { type: 'propose', input: { type: 'refund', amount: 20 } },
  { type: 'resolve', input: {} },
  { type: 'callback', input: { satisfaction: 'satisfied' } },
];

/** The body that registers the `n`th complaint. */
export const complaint = (n: number) => ({
  process: 'complaint-handling',
  data: {
    customer: { name: `Customer ${n}`, phone: '13800138000' }, channel: 'phone', category: 'billing',
    severity: 'normal', unit: 'East branch', description: 'Charged twice',
  },
});

/** An event the client got a 2xx for. */
export interface Ack {
  caseId: string;
  revision: number;
  type: string;
}
