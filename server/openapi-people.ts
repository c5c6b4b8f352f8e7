/**
 * JSON Schemas of the people routes (session, users, absences, tokens, the organisation
 * directory), for the OpenAPI document.
 */

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const epochMs: Schema = { type: 'integer', description: 'epoch milliseconds' };
const strings: Schema = { type: 'array', items: str };
const instant: Schema = { type: ['string', 'integer'], description: 'ISO date-time or epoch milliseconds' };
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required });
const password: Schema = { type: 'string', minLength: 12, description: 'at least CASEFLOW_PASSWORD_MIN_LENGTH (12) characters, not a commonly used password, not a few characters repeated, not containing the username' };
const units: Schema = { type: 'array', items: str, description: 'unit ids of the directory' };
const scope: Schema = { oneOf: [object({ all: { const: true } }, ['all']), object({ all: { const: false }, units: strings }, ['all', 'units'])] };

/** Schemas of the people routes. */
export const peopleSchemas: Record<string, Schema> = {
  Login: object({ username: str, password: str, code: { type: 'string', description: 'the 6-digit code of an authenticator app, for accounts with a second factor' } }, ['username', 'password']),
  Session: object({ user: ref('User'), csrfToken: str, expiresAt: epochMs }, ['user', 'csrfToken', 'expiresAt']),
  Me: object({
    user: object({ id: str, username: str, roles: strings, units, displayName: str, email: str, absence: ref('AbsenceShown'), totp: bool }),
    scope,
    delegateFor: { type: 'array', items: str, description: 'usernames of the people away now who named the caller their stand-in' },
    supervisor: { type: 'boolean', description: 'holds a supervisor or city-level role: manages the absences of their units\' people' },
    via: { enum: ['session', 'token'] },
    csrfToken: str,
    clock: { enum: ['manual', 'system'] },
  }),
  AbsenceShown: object({ from: epochMs, until: epochMs, delegateId: str, delegate: { type: 'string', description: 'username of the delegate' }, reason: str }, ['from', 'until', 'delegateId']),
  User: object(
    { id: str, username: str, roles: strings, units, displayName: str, email: str, absence: ref('AbsenceShown'), totp: bool, createdAt: epochMs, disabled: bool },
    ['id', 'username', 'roles', 'units', 'totp', 'createdAt', 'disabled'],
  ),
  NewUser: object({ username: str, password, roles: strings, units, displayName: str, email: { type: 'string', format: 'email' } }, ['username', 'password', 'roles']),
  UserChange: object({
    roles: strings,
    units,
    displayName: { type: ['string', 'null'] },
    email: { type: ['string', 'null'], format: 'email' },
    disabled: bool,
    password,
    totp: { const: false, description: 'turns off the user\'s second factor' },
  }),
  Absence: object({ from: instant, until: instant, delegate: { type: 'string', description: 'username or id of someone enabled sharing a unit' }, reason: str }, ['from', 'until', 'delegate']),
  PasswordChange: object({ current: str, next: password }, ['current', 'next']),
  TotpEnrolment: object({ secret: { type: 'string', description: 'base32' }, uri: { type: 'string', description: 'otpauth:// URI for an authenticator app' }, confirm: str }, ['secret', 'uri']),
  TotpCode: object({ code: str }, ['code']),
  Token: object({ id: str, name: str, userId: str, username: str, roles: strings, createdAt: epochMs, expiresAt: epochMs, revokedAt: epochMs }, ['id', 'name', 'userId', 'roles', 'createdAt']),
  NewToken: object({ name: str, user: { type: 'string', description: 'username or id' }, roles: strings, expiresIn: { type: 'string', description: 'lifetime such as 30d or 12h (default CASEFLOW_TOKEN_TTL, 90d; at most 730d)' } }, ['name', 'user']),
  IssuedToken: { allOf: [ref('Token'), object({ token: { type: 'string', description: 'the Bearer secret, shown only here' } }, ['token'])] },
  Unit: object({ id: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' }, label: { type: 'string', description: 'bilingual, Chinese first: 东城区分公司 East district' } }, ['id', 'label']),
  UnitChange: object({ label: str }, ['label']),
  Directory: object({ units: { type: 'array', items: ref('Unit') }, cityRoles: strings, supervisorRoles: strings }, ['units', 'cityRoles', 'supervisorRoles']),
};
