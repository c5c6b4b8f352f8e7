/** The one-state process of B2 and B3: a ticket with notes, closed by an agent or expired by its one-hour timer. */

/** Id of the bench process. */
export const BENCH_PROCESS_ID = 'bench-ticket';

/** Its YAML: every case opened starts a timer due one hour later. */
export const BENCH_PROCESS = `
id: bench-ticket
name: Bench ticket
roles: [agent]
data:
  type: object
  required: [customer]
  properties:
    customer: { type: string }
    note: { type: string }
initial: open
states:
  open:
    timers:
      - id: expire
        in: 1h
        send: expire
    on:
      note:
        roles: [agent]
        input: { type: object, required: [text], properties: { text: { type: string } } }
        set: { note: input.text }
      close: { roles: [agent], to: closed }
      expire: { roles: [], to: expired }
  expired:
    on:
      close: { roles: [agent], to: closed }
  closed: { final: true }
`;
