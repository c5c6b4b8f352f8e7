/**
 * Two versions of a small process and the plan that moves cases from the first to the second,
 * for the tests of moving cases between versions.
 */
/** Version 1 of a ticket process: new (a reminder), in-progress (a chase after 8 h, a 24 h deadline), parked, solved. */
export const V1 = `
id: ticket
name: 工单 Ticket
roles: [agent]
data:
  type: object
  required: [customer]
  properties:
    customer: { type: string }
    reminded: { type: boolean }
    chased: { type: boolean }
    late: { type: boolean }
initial: new
states:
  new:
    timers:
      - id: remind
        in: 4h
        actions: [{ set: { reminded: "true" } }]
    on:
      take: { roles: [agent], to: in-progress }
      park: { roles: [agent], to: parked }
  in-progress:
    deadline: { within: 24h, breach: { actions: [{ set: { late: "true" } }] } }
    timers:
      - id: chase
        in: 8h
        actions: [{ set: { chased: "true" } }]
    on:
      solve: { roles: [agent], to: solved }
  parked:
    on:
      resume: { roles: [agent], to: new }
  solved: { final: true }
`;

/** Version 2: in-progress is renamed working, its chase comes after 2 h and its deadline after 12 h, a nudge is new, parked is gone, channel is required. */
export const V2 = `
id: ticket
name: 工单 Ticket
roles: [agent]
data:
  type: object
  required: [customer, channel]
  properties:
    customer: { type: string }
    channel: { type: string, enum: [phone, email] }
    reminded: { type: boolean }
    chased: { type: boolean }
    late: { type: boolean }
initial: new
states:
  new:
    timers:
      - id: remind
        in: 1h
        actions: [{ set: { reminded: "true" } }]
    on:
      take: { roles: [agent], to: working }
  working:
    deadline: { within: 12h, breach: { actions: [{ set: { late: "true" } }] } }
    timers:
      - id: chase
        in: 2h
        actions: [{ set: { chased: "true" } }]
      - id: nudge
        in: 6h
        actions: [{ set: { chased: "true" } }]
    on:
      solve: { roles: [agent], to: solved }
  solved: { final: true }
`;

/** Moves version 1 cases onto version 2: the renamed state, its chase recomputed, the new field set. */
export const PLAN_YAML = `
states:
  in-progress: working
timers:
  in-progress: recompute
set:
  channel: '"phone"'
`;
