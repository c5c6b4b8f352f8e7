/**
 * The shape of a process file, as a process owner writes it in YAML.
 *
 * This file is the contract between the validator (`engine/dsl`), the compiler
 * (`engine/compile`) and the shipped processes (`processes/`). The JSON Schema in
 * `schema/process.schema.json` describes the same shape for editors and for ajv.
 *
 * Conventions:
 * - Every string called an "expression" is CEL (Common Expression Language). The variables
 *   an expression may name are: `data` (the case data), `input` (the event input, in events),
 *   `settings` (the process's named values), `tiers` (current row of each tier table),
 *   `actor` (`{id, roles}` of who sends the event), `now` (timestamp of the event),
 *   `case` (`{id, process, version}`).
 * - State names are unique in the whole process, nested or not, so a target is just a name.
 * - A duration is a literal such as `30m`, `4h`, `2d`, `1w`, `3 business days`,
 *   `4 business hours`, or `{ expr: "<CEL giving such a string>" }`.
 * - Reuse is read away when a file is read (`engine/dsl/expand.ts`): `blocks` with `use`,
 *   one-line fields and labels,
 *   `conditions` named in `if`, `values` named as `values.<name>`, and calendars named from the
 *   shared calendars. The compiler sees the definition with them resolved: no `use`, every `if`
 *   an expression, and each shared calendar a process calendar.
 */

/**
 * A JSON Schema object as accepted by ajv (draft 2020-12 subset), with two conventions of the
 * language:
 * - `labels` beside an `enum` gives every value its label in both languages of the UI,
 *   `labels: { billing: { zh: 流量费用, en: Billing } }`; forms, the case view, the timeline,
 *   messages (`{{labels.category}}`) and CSV show the label, never the value. Every value of a
 *   labelled enum needs one (see `EnumLabels`).
 * - `errorMessage: { zh: 手机号码格式不正确, en: Not a valid phone number }` on a field is what
 *   forms say when its value does not fit (a pattern, a range), instead of the rule itself.
 * - `readOnly: true` on a data field means the process sets it (an approver, a time, a flag, a
 *   counter): the registration form does not offer it and a client may not send it.
 * - `format: span` on a text field means it holds a duration literal (`1440m`, `72h`): people
 *   read it in words (`1天`, `1 day`), never the literal.
 * - As written, a field of the data or of an input may be one line, `[readOnly] <type>
 *   [<min>..<max>] [<title>]` with a type of `string`, `number`, `integer`, `boolean` or `span`
 *   (`name: string 1.. 客户姓名 Name` is `{ type: string, minLength: 1, title: 客户姓名 Name }`);
 *   a label may be one bilingual text (`county: 县/区级 County`), and the labels of a field
 *   with neither `enum` nor `type` give its enum (their keys). They are read into the forms above (`engine/dsl/compact-fields.ts`).
 */
export type JsonSchema = { [keyword: string]: unknown };

export type { EnumLabel, EnumLabels } from './enum-labels.js';

/** A duration literal (`24h`, `3 business days`) or an expression that yields one. */
export type DurationSpec = string | { expr: string };

/**
 * Roles that may send an event, or who receives a message: a literal list, or `{ expr }`, a CEL
 * expression yielding a list of text.
 */
export type RolesSpec = string[] | { expr: string };

/** A single setting value: text, a number, or true/false. */
export type SettingScalar = string | number | boolean;

/**
 * A setting: a single value, a list of them, or a map from keys to them. Expressions see a list
 * as a CEL list and a map as a CEL map, typed from the values (`map<string, string>` when every
 * value is text, `dyn` entries when they mix): `firstReplyWithin: { billing: 12h, network: 24h }`
 * is read as `settings.firstReplyWithin[data.category]`. Indexing a map with a key it lacks is
 * an evaluation error, so the validator warns when an enum field used as the key has a value the
 * map does not cover.
 */
export type SettingValue = SettingScalar | SettingScalar[] | { [key: string]: SettingScalar };

/** One process file. */
export interface ProcessDefinition {
  /** kebab-case id, stable across versions: `complaint-handling`. */
  id: string;
  /** Display name; may carry Chinese and English: `投诉处理 Complaint handling`. */
  name: string;
  description?: string;
  /**
   * One line that tells staff which case this is, like a business key: a Handlebars template
   * over `data`, `settings` and `tiers` (the current rows), such as
   * `"{{data.customer.name}} {{data.customer.phone}} · {{tiers.category.label}}"`. It is
   * rendered as plain text (not HTML), whitespace collapsed, whenever a case is shown or listed.
   * Without it, a case is titled by the first few short text values of its data.
   */
  title?: string;
  /** Every role the process names anywhere must be declared here. */
  roles: string[];
  /** Roles that may open a case of this process (default: every declared role). */
  starters?: string[];
  /**
   * The unit (业务单元) a case belongs to: a CEL expression over `data` giving a unit id of the
   * organisation directory, such as `data.unit`. Staff of other units do not see the case. When
   * it names a data field, the form offers that field as a choice from the directory.
   */
  unit?: string;
  /**
   * Roles that may assign and reassign cases of this process within their units (the team lead,
   * the centre manager), and act on any case they may see whoever holds it.
   */
  assigners?: string[];
  /** Named values a process owner tunes without touching logic: `settings.compensationLimit`. */
  settings?: Record<string, SettingValue>;
  /**
   * IANA time zone in which templates show times (`{{time data.slot}}`), for a process without
   * calendars. A process with calendars shows times in its default calendar's zone (`calendar`,
   * else the first declared). Default: Asia/Shanghai.
   */
  timezone?: string;
  /** Business calendars of this process only, by name. Prefer a shared calendar (`calendars/<name>.yaml`). */
  calendars?: Record<string, CalendarDefinition>;
  /**
   * Calendar used by `business` durations when a deadline or timer names none: a calendar of
   * `calendars`, or a shared calendar published on its own (`cn-mainland`). A case keeps the
   * version of each shared calendar it started with.
   */
  calendar?: string;
  /**
   * Named conditions: a rule written once and used as `if: within-budget` (or `if: [a, b]`,
   * all must hold) by events, branches, actions and approvals. A condition is a CEL expression,
   * or `{ if, label }` whose label (`超出预算容差 Over the budget tolerance`) names the rule
   * when it refuses an event.
   */
  conditions?: Record<string, string | ConditionDefinition>;
  /**
   * Named values: CEL expressions written once and named in any expression as
   * `values.<name>` (`values.reviewer`), replaced by the expression in parentheses.
   */
  values?: Record<string, string>;
  /**
   * Reusable blocks: part of a state (a deadline, events, an assignment) or one event, declared
   * once with `params` and used with `use: { review: { reviewer: cs-director } }`. In the block
   * `$reviewer` stands for the text given.
   */
  blocks?: Record<string, BlockDefinition>;
  /** JSON Schema (type object) of the case data. */
  data: JsonSchema;
  /** Tier tables: levels declared once and used by expressions as `tiers.<name>`. */
  tiers?: Record<string, TierTable>;
  /**
   * People outside the staff a notification may reach, by name (`customer`), with where to
   * reach them: `contacts: { customer: { email: data.customer.email, phone: data.customer.phone } }`.
   * The only way case data becomes an address; a notify action names the contact in `to`.
   */
  contacts?: Record<string, ContactDefinition>;
  /** Deadline clocks that span several states (the 3-day close of a complaint). */
  deadlines?: Record<string, DeadlineDefinition>;
  /**
   * Counts of recent cases of this process like the one being opened (批量投诉: complaints of
   * one category in one unit within a day), stamped on its data when it opens, by name.
   */
  tallies?: Record<string, TallyDefinition>;
  /** Name of the first state. */
  initial: string;
  states: Record<string, StateDefinition>;
  /**
   * Handlebars templates by name; a template may be inline text or a file next to the YAML. A
   * template a notify action names and this map does not declare is the file
   * `templates/<process id>/<name>.hbs` beside the YAML.
   */
  templates?: Record<string, TemplateDefinition | string>;
  /** Properties every case must keep, checked before publishing by exploring the process. */
  invariants?: InvariantsDefinition;
  /** How a new version goes live (default: a process owner publishes alone). */
  publishing?: PublishingDefinition;
}

/**
 * Four-eyes publishing: with `approval: required`, a new version is saved as a draft and goes
 * live only when a second process owner, not its author, approves it. The rule of the version
 * in production and that of the draft both count, so a draft cannot lift it on its own.
 */
export interface PublishingDefinition {
  approval?: 'none' | 'required';
}

/**
 * Declared properties of a process, checked by `caseflow validate` before it is published: the
 * process is explored breadth-first (every event of the active states, by every declared role,
 * with inputs sampled from the event's schema, valid and broken, and the next due timer) up to
 * a depth, and each rule is judged in every case state reached. A failing rule is reported with
 * the path of events and the data that break it.
 */
export interface InvariantsDefinition {
  /** How far and with what the exploration looks. */
  explore?: ExploreDefinition;
  /** The rules, each a CEL condition over the case. */
  rules: InvariantRule[];
}

/** The bounds and sample values of the exploration. */
export interface ExploreDefinition {
  /** Moves after the opening (default 8, at most 14). */
  depth?: number;
  /** Case data to open cases with (default: one opening sampled from the data schema). */
  openings?: Array<Record<string, unknown>>;
  /** Values to try for an input or data field, by name, instead of ones drawn from its schema. */
  samples?: Record<string, unknown[]>;
}

/** One property: `holds` must be true in the states it names. */
export interface InvariantRule {
  /** kebab-case name, used in reports. */
  name: string;
  /** What the rule says, for people: `{ zh, en }` or one text. */
  label?: string | { zh: string; en: string };
  /** Top-level states in which the rule must hold (default: every state). */
  in?: string[];
  /** Top-level states in which it need not hold (every other state must keep it). */
  except?: string[];
  /** CEL condition over data, settings and tiers. */
  holds: string;
}

/**
 * Where a contact is reached: CEL expressions giving text. An e-mail must be exactly one
 * address (`name@example.com`) and a phone digits, spaces, `+` and `-`; a value that is not is
 * left out when the message is made (and the outbox row says so).
 */
export interface ContactDefinition {
  email?: string;
  phone?: string;
}

/** A named condition with the label that names it to staff. */
export interface ConditionDefinition {
  /** CEL condition. */
  if: string;
  /** What the rule is called (zh/en), said when it refuses an event: `超出预算容差 Over the budget tolerance`. */
  label?: string;
}

/** A named condition an event's `if` is made of, kept so a refusal can say which rule refused. */
export interface ConditionRule {
  name: string;
  if: string;
  label?: string;
}

/**
 * A reusable block: the keys of a state or of an event, and the names of its parameters. A
 * parameter is text (a role, a state name, the event a clock or timer sends, a duration, part of
 * an expression) written `$name` in the block.
 */
export type BlockDefinition = { params?: string[] } & Partial<Omit<StateDefinition, 'use'>> & Partial<Omit<EventDefinition, 'use' | 'rules'>>;

/**
 * Where blocks are used: a block name, or block names with their parameters
 * (`{ review: { reviewer: cs-director, next: approved } }`), applied in order. The keys the
 * state or event writes itself win; a state's events are merged by name.
 */
export type UseSpec = string | Record<string, Record<string, string | number | boolean> | null>;

/** A business calendar: when work happens, so "3 business days" means what it says. */
export interface CalendarDefinition {
  /** IANA time zone: `Asia/Shanghai`. */
  timezone: string;
  /** Working hours each working day, local time: `{ start: "09:00", end: "18:00" }`. */
  workHours: { start: string; end: string };
  /** Working weekdays (default mon..fri). */
  workdays?: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>;
  /** Dates (`YYYY-MM-DD`) that are not worked although their weekday is. */
  holidays?: string[];
  /** Dates that are worked although their weekday is not (调休 make-up workdays). */
  makeupWorkdays?: string[];
  /**
   * Last date (`YYYY-MM-DD`) whose holidays the calendar lists. A deadline falling after it is
   * measured by weekdays alone, which validation and the case view warn about.
   */
  coversUntil?: string;
}

/**
 * A tier table: rows in order, lowest first. `field` names the data field holding the current
 * row id. Expressions see `tiers.<name>` as the current row plus `id`, `next` (id of the row
 * above, or the same id at the top) and `top` (true on the last row).
 */
export interface TierTable {
  field: string;
  rows: Record<string, Record<string, string | number | boolean>>;
}

/** One state. A state with `states` is compound (or parallel with `parallel: true`). */
export interface StateDefinition {
  /** Label shown to staff: `已受理 Received`. */
  label?: string;
  description?: string;
  final?: boolean;
  /** Children run side by side (regions). */
  parallel?: boolean;
  /** First child of a compound state. */
  initial?: string;
  states?: Record<string, StateDefinition>;
  /** Actions when the state is entered / left. */
  entry?: Action[];
  exit?: Action[];
  /** Events the state accepts. */
  on?: Record<string, EventDefinition>;
  /** Blocks whose keys this state takes (its own keys win). */
  use?: UseSpec;
  /** Where a compound or parallel state goes when its children are all final. */
  onDone?: Target;
  /** Timers that start when the state is entered and stop when it is left. */
  timers?: TimerDefinition[];
  /** A deadline clock that runs while the case is in this state (restarted on re-entry). */
  deadline?: DeadlineDefinition;
  /**
   * How the case is given out when it enters this state. A state that declares it is worked by
   * its holder: while someone holds the case, only they (or an assigner, a role the state waits
   * on for a decision, or the holder's delegate) may act here. Without it the holder is kept
   * but everyone of an event's roles may act.
   */
  assign?: AssignRule;
  /** With `assign`, lets everyone of the event's roles act here too, not only the holder. */
  open?: boolean;
  /**
   * The state waits on a decision of these roles (an approval): it is listed under their
   * "waiting on me", with `figure` (a CEL expression, such as the amount) beside the buttons.
   * The deciding roles may act whoever holds the case.
   */
  approval?: ApprovalDefinition;
}

/**
 * How a state gives out work on entry:
 * - `keep`: the assignee stays (首问负责: the agent who registered the case keeps it);
 * - `{ to: <CEL> }`: the person whose user id the expression gives (`data.advisor`), re-applied
 *   when the value changes;
 * - `{ queue: <role> }`: nobody holds it; it waits in the queue of that role in the case's unit
 *   until someone claims it;
 * - `{ auto: <role> }`: the least loaded available person of the role in the case's unit
 *   (round-robin among equals); skipped while absent.
 * A role may be `{ expr }` (`tiers.warning.responder`): when it changes to a role the assignee
 * lacks (a warning climbs), the case is given out again. A holder who has the rule's role (and
 * works in the unit, and is not away) keeps the case.
 */
export type AssignRule = 'keep' | { to: string } | { queue: RoleSpec } | { auto: RoleSpec };

/** One role id, or a CEL expression giving one. */
export type RoleSpec = string | { expr: string };

/** A decision a state waits on. */
export interface ApprovalDefinition {
  /** Who decides (default: the roles of the state's events). */
  roles?: string[];
  /** CEL expression shown beside the decision, such as `data.resolution.amount`. */
  figure?: string;
  /** What the figure is: `补偿金额 Compensation`. */
  label?: string;
  /** CEL condition: the state waits on the decision only while it holds (`data.compensation > settings.compensationLimit`). */
  if?: string;
}

/** An event people (or timers, with `send`) can send to a state. */
export interface EventDefinition {
  label?: string;
  /** Who may send it. Events sent only by timers use `roles: []` . */
  roles: RolesSpec;
  /**
   * JSON Schema of the input; also drives the UI form. A field written `data.<field>`
   * (`reason: data.reason`) takes the schema of that data field.
   */
  input?: JsonSchema;
  /** Guard: when false the event is not allowed now (409 `guard-refused`, naming the condition). A file may name conditions instead. */
  if?: string;
  /** What the guard means, named instead of its expression when it refuses the event: `补偿未超出一线权限 Compensation within the front line's limit`. */
  ifLabel?: string;
  /** The named conditions `if` is made of, filled in when the file is read (not written). */
  rules?: ConditionRule[];
  /** A block whose keys this event takes (its own keys win). */
  use?: UseSpec;
  /** Data updates: field -> expression, evaluated against the data before the event. */
  set?: Record<string, string>;
  actions?: Action[];
  /** Where to go: a state name, or branches tried in order (first whose `if` holds). Absent: stay. */
  to?: Target;
}

/** A state name, or guarded branches tried in order. */
export type Target = string | Branch[];

/** One guarded branch. The last branch usually has no `if`. */
export interface Branch {
  if?: string;
  to: string;
  set?: Record<string, string>;
  actions?: Action[];
}

/** Something that happens on entry, exit, an event, a timer or a deadline mark. */
export type Action = NotifyAction | StartCaseAction | SetAction;

/**
 * What every action may carry: `if`, a condition (CEL, bool) that must hold for the action to
 * happen. It is evaluated when the action runs, against the data as the actions before it in the
 * same list left it (and the event input, in an event). When it is false, or cannot be evaluated
 * (a missing field), the action is skipped and the actions after it still run.
 */
export interface ActionCondition {
  if?: string;
}

/** Send a message rendered from a template to people in roles, named people, or the customer. */
export interface NotifyAction extends ActionCondition {
  notify: string;
  /**
   * Who receives it. Entries of a literal list are role ids declared in `roles`, `assignee`
   * (the case's assignee), a contact declared in `contacts`, or `customer`. An `{ expr }` gives
   * a list whose entries may also be user ids taken from the data (`[data.owner, "team-lead"]`).
   * An entry that is none of these (an address, text with spaces) reaches nobody and is recorded
   * on the outbox row; empty entries are dropped, and when nobody is left no message is sent.
   */
  to: RolesSpec;
  channel?: string;
}

/** Open a linked case of another process; the new case knows its parent. */
export interface StartCaseAction extends ActionCondition {
  start: string;
  /** Data of the new case: field -> expression. */
  data: Record<string, string>;
}

/** Update data fields: field -> expression. */
export interface SetAction extends ActionCondition {
  set: Record<string, string>;
}

/**
 * A timer: once after `in`, at a computed time `at` (CEL timestamp expression such as
 * `timestamp(data.slot) - duration("48h")`), optionally repeating `every` up to `max` times.
 * When it fires it runs its actions and, with `send`, sends that event (actor `system`).
 */
export interface TimerDefinition {
  id: string;
  in?: DurationSpec;
  at?: string;
  every?: DurationSpec;
  max?: number;
  send?: string;
  actions?: Action[];
  calendar?: string;
}

/**
 * A deadline clock. At state level it runs while the state is active. At process level it
 * starts when the case opens and runs while the case is in `activeIn` (default: every
 * non-final state), and is paused in `pausedIn` (each pause counted, the time left kept).
 * Marks on the clock: `warn`, each `escalate` rung (fired once each), and `breach` at `within`.
 */
export interface DeadlineDefinition {
  label?: string;
  within: DurationSpec;
  /**
   * Process deadlines only: a CEL condition. The clock starts the first time it holds after a
   * step (in its `activeIn` states) and stops for good once it no longer holds, so a deadline
   * can run for some cases only (`data.severity == "major" && !has(data.rapidResponse)`).
   */
  if?: string;
  activeIn?: string[];
  pausedIn?: string[];
  calendar?: string;
  warn?: DeadlineMark;
  escalate?: DeadlineMark[];
  breach?: Omit<DeadlineMark, 'at'>;
}

/**
 * A tally: when a case opens, the cases of the same process opened in a recent window whose
 * `match` fields equal the new case's are counted, the new case included, and the result is
 * stamped on the new case's data as `data.<name>`: `{ count, cases }`, `cases` being the ids of
 * the most recent of them (up to 50, oldest first, the new case last). It is part of the data
 * the case opened with, so replay sees the same numbers. Exactly one of `within` and `since`.
 */
export interface TallyDefinition {
  label?: string;
  /** Data fields (dot paths such as `customer.phone`) whose values must equal the new case's. */
  match: string[];
  /** Cases opened within this wall-clock time before now: `24h`, `{ expr: settings.batchWindow }`. */
  within?: DurationSpec;
  /** Cases opened since the start of the current day, ISO week or month, in the process's time zone. */
  since?: 'day' | 'week' | 'month';
}

/** A point on a deadline clock and what happens there. */
export interface DeadlineMark {
  /** Clock time of the mark, measured from the start of the clock (pauses excluded). */
  at: DurationSpec;
  actions?: Action[];
  send?: string;
}

/** A Handlebars template, inline or in a file beside the YAML. */
export interface TemplateDefinition {
  subject?: string;
  body?: string;
  /** Path relative to the YAML file. */
  file?: string;
}
